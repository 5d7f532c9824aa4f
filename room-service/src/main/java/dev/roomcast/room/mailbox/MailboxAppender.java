package dev.roomcast.room.mailbox;

import dev.roomcast.proto.v1.AppendBatchRequest;
import dev.roomcast.proto.v1.MailboxEntry;
import dev.roomcast.proto.v1.Message;
import dev.roomcast.proto.v1.MutinyMailboxServiceGrpc;
import dev.roomcast.room.auth.OutboundCredentials;
import dev.roomcast.room.auth.ServiceAuth;
import dev.roomcast.room.config.RoomConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Appends persisted messages to the mailbox in the background: publish never waits on it (the msgId
 * comes from Redis, delivery from the scheduler). Entries wait in a bounded queue; batches of up to
 * {@code batchMaxEntries} go out when full or every {@code flushIntervalMillis}, at most
 * {@code maxInFlight} at once; a failed batch is retried with doubling back-off (AppendBatch is
 * idempotent on (mbox, msgId)), then counted as failed. A full queue drops and counts.
 */
@ApplicationScoped
public class MailboxAppender {

    private static final Logger LOG = Logger.getLogger(MailboxAppender.class);

    private final MutinyMailboxServiceGrpc.MutinyMailboxServiceStub mailbox;
    private final Vertx vertx;
    private final RoomConfig.Mailbox config;
    private final ConcurrentLinkedQueue<MailboxEntry> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Counter appended;
    private final Counter retried;
    private final Counter failed;
    private final Counter dropped;
    private long timerId = -1;

    public MailboxAppender(@GrpcClient("mailbox") MutinyMailboxServiceGrpc.MutinyMailboxServiceStub mailbox,
                           ServiceAuth auth, Vertx vertx, RoomConfig config, MeterRegistry registry) {
        this.mailbox = mailbox.withInterceptors(new OutboundCredentials(auth));
        this.vertx = vertx;
        this.config = config.mailbox();
        this.appended = outcome(registry, "appended");
        this.retried = outcome(registry, "retried");
        this.failed = outcome(registry, "failed");
        this.dropped = outcome(registry, "dropped_queue_full");
        Gauge.builder("roomcast_mailbox_queue_entries", queued, AtomicInteger::get)
                .description("Entries waiting to be appended to the mailbox").register(registry);
    }

    private static Counter outcome(MeterRegistry registry, String outcome) {
        return Counter.builder("roomcast_mailbox_appends_total").tag("outcome", outcome)
                .description("Mailbox appends of persisted messages, by outcome (entries; retried counts batch retries)")
                .register(registry);
    }

    void onStart(@Observes StartupEvent event) {
        timerId = vertx.setPeriodic(config.flushIntervalMillis(), id -> flush(false));
    }

    void onStop(@Observes ShutdownEvent event) {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
        flush(false);
    }

    /** Queues one message for its mailbox; false (and counted) when the queue is full. */
    public boolean append(String mboxId, Message message) {
        if (queued.incrementAndGet() > config.queueMaxEntries()) {
            queued.decrementAndGet();
            dropped.increment();
            return false;
        }
        queue.add(MailboxEntry.newBuilder().setMboxId(mboxId).setMessage(message).build());
        if (queued.get() >= config.batchMaxEntries()) {
            flush(true);
        }
        return true;
    }

    public int queued() {
        return queued.get();
    }

    private void flush(boolean onlyFull) {
        while (queued.get() > 0 && (!onlyFull || queued.get() >= config.batchMaxEntries())) {
            if (inFlight.incrementAndGet() > config.maxInFlight()) {
                inFlight.decrementAndGet();
                return;
            }
            List<MailboxEntry> batch = new ArrayList<>();
            MailboxEntry entry;
            while (batch.size() < config.batchMaxEntries() && (entry = queue.poll()) != null) {
                batch.add(entry);
            }
            queued.addAndGet(-batch.size());
            if (batch.isEmpty()) {
                inFlight.decrementAndGet();
                return;
            }
            send(AppendBatchRequest.newBuilder().addAllEntries(batch).build(), 1);
        }
    }

    private void send(AppendBatchRequest request, int attempt) {
        mailbox.appendBatch(request).ifNoItem().after(Duration.ofMillis(config.callTimeoutMillis())).fail()
                .subscribe().with(reply -> {
                    appended.increment(request.getEntriesCount());
                    inFlight.decrementAndGet();
                }, failure -> {
                    if (attempt >= config.maxAttempts()) {
                        failed.increment(request.getEntriesCount());
                        inFlight.decrementAndGet();
                        LOG.warnf("mailbox append of %d entries failed after %d attempts: %s",
                                request.getEntriesCount(), attempt, failure.getMessage());
                        return;
                    }
                    retried.increment();
                    long backoff = (long) config.retryBackoffMillis() << Math.min(attempt - 1, 10);
                    vertx.setTimer(backoff, id -> send(request, attempt + 1));
                });
    }
}
