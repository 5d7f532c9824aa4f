package dev.roomcast.mailbox.retention;

import dev.roomcast.mailbox.config.MailboxConfig;
import dev.roomcast.mailbox.timeline.MailboxKind;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Creates daily partitions ahead of time and drops whole partitions past retention: at start (before the
 * service takes traffic) and then periodically. Several instances may run it: a transaction-scoped
 * advisory lock serializes them. DDL goes through the reactive pool (Hibernate has no partition DDL).
 */
@ApplicationScoped
public class PartitionMaintenance {

    private static final Logger LOG = Logger.getLogger(PartitionMaintenance.class);
    private static final long LOCK_ID = 0x6d61696c626f78L; // "mailbox"
    private static final String LIST_SQL = """
            SELECT c.relname FROM pg_inherits i
              JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
              JOIN pg_namespace n ON n.oid = p.relnamespace
             WHERE n.nspname = 'mailbox' AND p.relname = $1""";

    /** What one maintenance run changed. */
    public record Report(List<String> created, List<String> dropped) {
    }

    private final Pool pool;
    private final MailboxConfig config;
    private final Clock clock;
    private final Vertx vertx;
    private final Counter createdCounter;
    private final Counter droppedCounter;
    private long timerId = -1;

    public PartitionMaintenance(Pool pool, MailboxConfig config, Clock clock, Vertx vertx, MeterRegistry registry) {
        this.pool = pool;
        this.config = config;
        this.clock = clock;
        this.vertx = vertx;
        this.createdCounter = Counter.builder("mailbox.partitions.created").register(registry);
        this.droppedCounter = Counter.builder("mailbox.partitions.dropped").register(registry);
    }

    void onStart(@Observes StartupEvent event) {
        try {
            Report report = runOnce().await().atMost(Duration.ofSeconds(60));
            LOG.infof("partitions ready: %d created, %d dropped", report.created().size(), report.dropped().size());
        } catch (RuntimeException e) {
            // Appends fail with UNAVAILABLE until a later run succeeds; the timer retries.
            LOG.errorf("partition maintenance at start failed: %s", e.toString());
        }
        long every = Duration.ofMinutes(config.retention().maintenanceEveryMinutes()).toMillis();
        timerId = vertx.setPeriodic(every, id -> runOnce().subscribe().with(
                r -> LOG.debugf("partition maintenance: %s", r),
                f -> LOG.warnf("partition maintenance failed: %s", f.toString())));
    }

    void onStop(@Observes ShutdownEvent event) {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
    }

    /** One pass over every kind: create what is missing, drop what expired. */
    public Uni<Report> runOnce() {
        Instant now = clock.instant();
        return pool.withTransaction(conn -> conn.query("SELECT pg_advisory_xact_lock(" + LOCK_ID + ")").execute()
                .chain(() -> Multi.createFrom().items(MailboxKind.values())
                        .onItem().transformToUniAndConcatenate(kind -> maintain(conn, kind, now))
                        .collect().asList())
                .map(reports -> {
                    List<String> created = new ArrayList<>();
                    List<String> dropped = new ArrayList<>();
                    reports.forEach(r -> {
                        created.addAll(r.created());
                        dropped.addAll(r.dropped());
                    });
                    createdCounter.increment(created.size());
                    droppedCounter.increment(dropped.size());
                    return new Report(created, dropped);
                }));
    }

    private Uni<Report> maintain(SqlConnection conn, MailboxKind kind, Instant now) {
        Duration retention = kind.retention(config.retention());
        return conn.preparedQuery(LIST_SQL).execute(io.vertx.mutiny.sqlclient.Tuple.of(PartitionPlan.parent(kind)))
                .chain(rows -> {
                    Set<String> existing = new HashSet<>();
                    for (Row row : rows) {
                        existing.add(row.getString(0));
                    }
                    List<String> statements = new ArrayList<>();
                    List<String> created = new ArrayList<>();
                    for (LocalDate day : PartitionPlan.wanted(now, retention, config.retention().aheadDays())) {
                        if (!existing.contains(PartitionPlan.partitionName(kind, day))) {
                            statements.add(PartitionPlan.createSql(kind, day));
                            created.add(PartitionPlan.partitionName(kind, day));
                        }
                    }
                    List<String> dropped = PartitionPlan.expired(kind, existing, now, retention);
                    dropped.forEach(table -> statements.add("DROP TABLE IF EXISTS mailbox." + table));
                    return Multi.createFrom().iterable(statements)
                            .onItem().transformToUniAndConcatenate(sql -> conn.query(sql).execute())
                            .collect().last()
                            .replaceWith(new Report(created, dropped));
                });
    }
}
