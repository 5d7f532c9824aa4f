package dev.roomcast.mailbox.append;

import dev.roomcast.mailbox.config.MailboxConfig;
import dev.roomcast.mailbox.hot.HotFeed;
import dev.roomcast.mailbox.support.ErrorCodes;
import dev.roomcast.mailbox.support.MailboxException;
import dev.roomcast.mailbox.timeline.PgTimelineWriter;
import dev.roomcast.mailbox.timeline.TimelineEntry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.jboss.logging.Logger;

/**
 * Group commit: concurrent appends queue here and are written together, many requests per statement.
 * Flush rule: {@code sendable = inFlight < maxInFlight && !queue.isEmpty()} — no timer and no linger:
 * while one commit runs, new appends pile up and leave together in the next one, so batches grow
 * exactly as fast as the database is slow. Each caller is answered only after its rows committed.
 * The queue is bounded in entries; a full queue fails the append at once (counted), never blocks.
 * Before the commit, the group's room msgIds are marked pending in their hot windows; after it, they feed the
 * windows (one Redis call per room per group each way), which clears the marks.
 */
@ApplicationScoped
public class GroupCommitter {

    private static final Logger LOG = Logger.getLogger(GroupCommitter.class);

    /** Outcome of one request's entries inside a group commit; {@code inserted[i]}: entry i is new (else a duplicate). */
    public record Outcome(int appended, int duplicates, boolean[] inserted) {
    }

    private record Pending(List<TimelineEntry> entries, UniEmitter<? super Outcome> emitter) {
    }

    private final PgTimelineWriter writer;
    private final HotFeed hotFeed;
    private final int queueMax;
    private final int flushMaxRows;
    private final int maxInFlight;
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private final AtomicInteger queuedGauge = new AtomicInteger();
    private int queuedEntries;
    private int inFlight;

    private final DistributionSummary batchRows;
    private final DistributionSummary batchRequests;
    private final Timer commitLatency;
    private final Counter queueFull;
    private final Counter commitFailures;

    public GroupCommitter(PgTimelineWriter writer, HotFeed hotFeed, MailboxConfig config, MeterRegistry registry) {
        this.writer = writer;
        this.hotFeed = hotFeed;
        this.queueMax = config.append().queueMaxEntries();
        this.flushMaxRows = config.append().flushMaxRows();
        this.maxInFlight = config.append().maxInFlight();
        this.batchRows = DistributionSummary.builder("mailbox.append.commit.rows")
                .description("rows per group commit").publishPercentiles(0.5, 0.99).register(registry);
        this.batchRequests = DistributionSummary.builder("mailbox.append.commit.requests")
                .description("append requests per group commit").register(registry);
        this.commitLatency = Timer.builder("mailbox.append.commit.latency")
                .description("time of one group-commit statement").publishPercentiles(0.5, 0.99).register(registry);
        this.queueFull = Counter.builder("mailbox.append.rejected").tag("reason", "queue_full").register(registry);
        this.commitFailures = Counter.builder("mailbox.append.rejected").tag("reason", "store_unavailable")
                .register(registry);
        registry.gauge("mailbox.append.queue.entries", queuedGauge);
    }

    /** Queues entries for the next group commit; the Uni completes once they are durable. */
    public Uni<Outcome> submit(List<TimelineEntry> entries) {
        if (entries.isEmpty()) {
            return Uni.createFrom().item(new Outcome(0, 0, new boolean[0]));
        }
        return Uni.createFrom().emitter(emitter -> {
            lock.lock();
            try {
                if (queuedEntries + entries.size() > queueMax) {
                    queueFull.increment(entries.size());
                    emitter.fail(new MailboxException(MailboxException.Kind.OVERLOADED, ErrorCodes.OVERLOADED,
                            "append queue full (" + queueMax + " entries waiting); retry with back-off"));
                    return;
                }
                queue.add(new Pending(entries, emitter));
                queuedEntries += entries.size();
                queuedGauge.set(queuedEntries);
            } finally {
                lock.unlock();
            }
            flushIfSendable();
        });
    }

    private void flushIfSendable() {
        List<Pending> group;
        lock.lock();
        try {
            boolean sendable = inFlight < maxInFlight && !queue.isEmpty();
            if (!sendable) {
                return;
            }
            group = new ArrayList<>();
            int rows = 0;
            // Always take at least one request, even one larger than flushMaxRows (bounded by maxBatchEntries).
            while (!queue.isEmpty() && (group.isEmpty() || rows + queue.peek().entries().size() <= flushMaxRows)) {
                Pending p = queue.poll();
                rows += p.entries().size();
                group.add(p);
            }
            queuedEntries -= rows;
            queuedGauge.set(queuedEntries);
            inFlight++;
        } finally {
            lock.unlock();
        }
        commit(group);
    }

    private void commit(List<Pending> group) {
        List<TimelineEntry> rows = new ArrayList<>();
        for (Pending p : group) {
            rows.addAll(p.entries());
        }
        batchRows.record(rows.size());
        batchRequests.record(group.size());
        long start = System.nanoTime();
        // The slot is released as soon as PostgreSQL committed, so the next group need not wait for Redis.
        // The hot feed never fails, so a failure here is always the insert's.
        // Marked before the insert: a group committing after a later one must hold that room's polls back.
        hotFeed.markPending(rows).chain(() -> writer.insert(rows)).invoke(() -> {
            commitLatency.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            finished();
        }).call(() -> hotFeed.feed(rows)).subscribe().with(inserted -> answer(group, inserted), failure -> {
            commitFailures.increment(rows.size());
            LOG.warnf("group commit of %d rows failed: %s", rows.size(), failure.toString());
            hotFeed.unmarkPending(rows).subscribe().with(ok -> { }, f -> { });
            finished();
            MailboxException unavailable = new MailboxException(MailboxException.Kind.UNAVAILABLE,
                    ErrorCodes.STORE_UNAVAILABLE, "the timeline store is unavailable; not acknowledged, retrying the same batch is safe (idempotent)");
            for (Pending p : group) {
                p.emitter().fail(unavailable);
            }
        });
    }

    private void finished() {
        lock.lock();
        try {
            inFlight--;
        } finally {
            lock.unlock();
        }
        flushIfSendable();
    }

    /** Attributes inserted keys to requests in queue order; a key inserted once counts for the first asker. */
    private static void answer(List<Pending> group, Set<TimelineEntry.Key> inserted) {
        for (Pending p : group) {
            int appended = 0;
            boolean[] mine = new boolean[p.entries().size()];
            for (int i = 0; i < mine.length; i++) {
                if (inserted.remove(p.entries().get(i).key())) {
                    mine[i] = true;
                    appended++;
                }
            }
            p.emitter().complete(new Outcome(appended, p.entries().size() - appended, mine));
        }
    }
}
