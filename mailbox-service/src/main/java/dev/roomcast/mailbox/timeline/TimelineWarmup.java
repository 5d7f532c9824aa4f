package dev.roomcast.mailbox.timeline;

import dev.roomcast.common.runtime.ClassPreloader;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Runs each timeline query once at start: the first HQL parse loads Hibernate's parser classes
 * (seconds on a cold JVM), which must not happen on an event loop under the first request. Hibernate
 * Reactive translates a query on an event loop even here, so the classes it needs (Hibernate's query
 * translator, the reactive SQL client, the shared event-loop jars) are loaded first on the main thread:
 * seen, a 3 s blocked event loop in the first translation while four services started on two cores.
 */
@ApplicationScoped
public class TimelineWarmup {

    private static final Logger LOG = Logger.getLogger(TimelineWarmup.class);

    /** Jars the timeline's event-loop work touches, on top of {@link ClassPreloader#EVENT_LOOP_JARS}. */
    static final List<String> MARKERS = List.of(
            "dev.roomcast.mailbox.timeline.TimelineReader",
            "org.hibernate.query.sqm.sql.BaseSqmToSqlAstConverter",
            "org.hibernate.reactive.mutiny.Mutiny",
            "io.vertx.sqlclient.Pool",
            "io.vertx.pgclient.PgConnection");

    void onStart(@Observes StartupEvent event, TimelineReader reader) {
        ClassPreloader.Result loaded = ClassPreloader.preloadEventLoopJars(Thread.currentThread().getContextClassLoader(), MARKERS);
        LOG.infof("warm-up: %d classes preloaded from %d jars (%d skipped) in %d ms",
                loaded.loaded(), loaded.sources(), loaded.skipped(), loaded.millis());
        String mbox = MailboxKind.ROOM.mboxOf("warmup");
        try {
            // The HQL grammar's static initialisation (ANTLR ATN) is the slow part: do it here, on the main thread.
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            Class.forName("org.hibernate.grammars.hql.HqlLexer", true, loader);
            Class.forName("org.hibernate.grammars.hql.HqlParser", true, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            LOG.debugf("HQL grammar not preloaded: %s", e.toString());
        }
        try {
            reader.newest(MailboxKind.ROOM, mbox, 1)
                    .chain(() -> reader.after(MailboxKind.ROOM, mbox, 0, 1))
                    .chain(() -> reader.before(MailboxKind.ROOM, mbox, 1, 1))
                    .await().atMost(Duration.ofSeconds(60));
        } catch (RuntimeException e) {
            LOG.warnf("timeline warm-up failed (PostgreSQL down?): %s", e.toString());
        }
    }
}
