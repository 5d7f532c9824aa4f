package dev.roomcast.mailbox.timeline;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Runs each timeline query once at start, on the main thread: the first HQL parse loads Hibernate's
 * parser classes (seconds on a cold JVM), which must not happen on an event loop under the first request.
 */
@ApplicationScoped
public class TimelineWarmup {

    private static final Logger LOG = Logger.getLogger(TimelineWarmup.class);

    void onStart(@Observes StartupEvent event, TimelineReader reader) {
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
