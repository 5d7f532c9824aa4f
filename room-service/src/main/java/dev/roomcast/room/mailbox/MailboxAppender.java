package dev.roomcast.room.mailbox;

import dev.roomcast.proto.v1.AppendBatchReply;
import dev.roomcast.proto.v1.AppendBatchRequest;
import dev.roomcast.proto.v1.AppendResult;
import dev.roomcast.proto.v1.AppendStatus;
import dev.roomcast.proto.v1.MailboxEntry;
import dev.roomcast.proto.v1.Message;
import dev.roomcast.proto.v1.MutinyMailboxServiceGrpc;
import dev.roomcast.room.api.ApiError;
import dev.roomcast.room.auth.OutboundCredentials;
import dev.roomcast.room.auth.ServiceAuth;
import dev.roomcast.room.config.RoomConfig;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Appends persisted messages to the mailbox in the background (the msgId comes from Redis, delivery from
 * the scheduler), and tells each publisher what became of its entry. Entries wait in a bounded queue;
 * batches of up to {@code batchMaxEntries} go out when full or every {@code flushIntervalMillis}, at most
 * {@code maxInFlight} at once. The mailbox answers per entry: a refused or expired entry gives up alone
 * (counted by reason) and never sinks the others; a batch that failed as a whole for a transient reason is
 * retried with doubling back-off (AppendBatch is idempotent), a batch refused as a whole (an older mailbox)
 * is split so that only the bad entry gives up. A full queue refuses the publish with a typed retryable
 * error instead of dropping. On shutdown the queue is drained within {@code shutdownGraceMillis}.
 */
@ApplicationScoped
public class MailboxAppender {

    private static final Logger LOG = Logger.getLogger(MailboxAppender.class);

    /** What became of one entry: durable, or given up with a reason (a metric tag). */
    public record Outcome(boolean durable, String giveUpReason) {
        static final Outcome DURABLE = new Outcome(true, "");

        static Outcome gaveUp(String reason) {
            return new Outcome(false, reason);
        }
    }

    private record Pending(MailboxEntry entry, CompletableFuture<Outcome> done) {
    }

    private final MutinyMailboxServiceGrpc.MutinyMailboxServiceStub mailbox;
    private final Vertx vertx;
    private final RoomConfig.Mailbox config;
    private final MeterRegistry registry;
    private final PendingMarkers markers;
    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicInteger taken = new AtomicInteger();        // queued + reserved: what the bound counts
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger unresolved = new AtomicInteger();   // queued + in flight + waiting to retry
    private final Counter appended;
    private final Counter retried;
    private final Counter failed;
    private final Counter refused;
    private volatile boolean draining;
    private volatile boolean stopped;
    private long timerId = -1;

    public MailboxAppender(@GrpcClient("mailbox") MutinyMailboxServiceGrpc.MutinyMailboxServiceStub mailbox,
                           ServiceAuth auth, Vertx vertx, RoomConfig config, MeterRegistry registry,
                           PendingMarkers markers) {
        this.markers = markers;
        this.mailbox = mailbox.withInterceptors(new OutboundCredentials(auth));
        this.vertx = vertx;
        this.config = config.mailbox();
        this.registry = registry;
        this.appended = outcome(registry, "appended");
        this.retried = outcome(registry, "retried");
        this.failed = outcome(registry, "failed");
        this.refused = outcome(registry, "refused_queue_full");
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

    /**
     * Drains before the process goes: everything queued is sent at once (in-flight limit lifted), retries
     * continue, and the shutdown thread (never an event loop) waits up to the grace period. What is still
     * unresolved then is logged and counted as given up ({@code shutdown}); its publishers were not told
     * {@code persisted=true}.
     */
    void onStop(@Observes ShutdownEvent event) {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
        draining = true;
        LOG.infof("shutdown: draining %d mailbox entries (queued or in flight) within %d ms", unresolved.get(),
                config.shutdownGraceMillis());
        long deadline = System.nanoTime() + Duration.ofMillis(config.shutdownGraceMillis()).toNanos();
        while (unresolved.get() > 0 && System.nanoTime() < deadline) {
            flush(false);
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        int left = unresolved.get();
        if (left > 0) {
            LOG.warnf("shutdown: %d mailbox entries not appended within %d ms (given up, reason shutdown)",
                    left, config.shutdownGraceMillis());
            Pending p;
            while ((p = queue.poll()) != null) {
                queued.decrementAndGet();
                taken.decrementAndGet();
                giveUp(p, "shutdown", null);
            }
        } else {
            LOG.infof("shutdown: mailbox appender drained");
        }
        stopped = true;
    }

    /**
     * Takes a place in the queue for one entry, before the publish claims its msgId and publishId: a full queue
     * refuses with {@link ApiError#APPEND_QUEUE_FULL} (retryable) while nothing about the publish is recorded or
     * delivered, so a retry with the same publishId is a first acceptance (delivered), not a duplicate. After
     * the shutdown drain it refuses with {@link ApiError#UNAVAILABLE} (another instance takes the retry).
     * Every reservation is followed by exactly one {@link #append} or {@link #release}.
     */
    public void reserve() {
        if (stopped) {
            throw ApiError.UNAVAILABLE.exception("this room-service instance is shutting down; retry");
        }
        if (taken.incrementAndGet() > config.queueMaxEntries()) {
            taken.decrementAndGet();
            refused.increment();
            throw ApiError.APPEND_QUEUE_FULL.exception("the mailbox append queue is full ("
                    + config.queueMaxEntries() + " entries); retry with back-off");
        }
    }

    /** Gives back a reservation that will not be used (the publish failed before its append). */
    public void release() {
        taken.decrementAndGet();
    }

    /**
     * Queues one message for its mailbox, in the place {@link #reserve} took. The Uni completes when the entry
     * is durable or given up (never fails).
     */
    public Uni<Outcome> append(String mboxId, Message message) {
        queued.incrementAndGet();
        unresolved.incrementAndGet();
        Pending p = new Pending(MailboxEntry.newBuilder().setMboxId(mboxId).setMessage(message).build(),
                new CompletableFuture<>());
        queue.add(p);
        if (queued.get() >= config.batchMaxEntries()) {
            flush(true);
        }
        // A copy: a publisher that stops waiting (cancelled call) must not cancel the entry's own outcome.
        return Uni.createFrom().completionStage(p.done().copy());
    }

    public int queued() {
        return queued.get();
    }

    /** Entries accepted and not yet durable or given up. */
    public int unresolved() {
        return unresolved.get();
    }

    private void flush(boolean onlyFull) {
        while (queued.get() > 0 && (!onlyFull || queued.get() >= config.batchMaxEntries())) {
            if (inFlight.incrementAndGet() > config.maxInFlight() && !draining) {
                inFlight.decrementAndGet();
                return;
            }
            List<Pending> batch = new ArrayList<>();
            Pending p;
            while (batch.size() < config.batchMaxEntries() && (p = queue.poll()) != null) {
                batch.add(p);
            }
            queued.addAndGet(-batch.size());
            taken.addAndGet(-batch.size());
            if (batch.isEmpty()) {
                inFlight.decrementAndGet();
                return;
            }
            send(batch, 1);
        }
    }

    /** One AppendBatch call; the caller holds an in-flight slot, released here when the batch resolves or splits. */
    private void send(List<Pending> batch, int attempt) {
        AppendBatchRequest.Builder request = AppendBatchRequest.newBuilder();
        batch.forEach(p -> request.addEntries(p.entry()));
        mailbox.appendBatch(request.build()).ifNoItem().after(Duration.ofMillis(config.callTimeoutMillis())).fail()
                .subscribe().with(reply -> {
                    answered(batch, reply);
                    inFlight.decrementAndGet();
                }, failure -> failed(batch, attempt, failure));
    }

    private void answered(List<Pending> batch, AppendBatchReply reply) {
        boolean perEntry = reply.getResultsCount() == batch.size();
        for (int i = 0; i < batch.size(); i++) {
            AppendResult r = perEntry ? reply.getResults(i) : null;
            AppendStatus status = r == null ? AppendStatus.APPENDED : r.getStatus();
            switch (status) {
                case APPENDED, DUPLICATE -> {
                    appended.increment();
                    resolve(batch.get(i), Outcome.DURABLE);
                }
                case EXPIRED -> giveUp(batch.get(i), "expired", null);
                default -> giveUp(batch.get(i), reason(r.getErrorCode(), "rejected"), r.getError());
            }
        }
    }

    private void failed(List<Pending> batch, int attempt, Throwable failure) {
        Status.Code code = failure instanceof StatusRuntimeException s ? s.getStatus().getCode() : null;
        if (code == Status.Code.INVALID_ARGUMENT && batch.size() > 1) {
            // Refused as a whole (a mailbox that validates whole batches): send each entry alone, so that
            // only the bad one gives up. The split batches share this batch's in-flight slot.
            inFlight.addAndGet(batch.size() - 1);
            for (Pending p : batch) {
                send(List.of(p), attempt);
            }
            return;
        }
        if (!retryable(failure, code)) {
            String why = failure instanceof StatusRuntimeException s ? s.getStatus().getDescription() : null;
            String reason = code == Status.Code.INVALID_ARGUMENT ? reason(codeOf(why), "rejected")
                    : "refused_" + code.name().toLowerCase(Locale.ROOT);
            batch.forEach(p -> giveUp(p, reason, why));
            inFlight.decrementAndGet();
            return;
        }
        if (attempt >= config.maxAttempts()) {
            LOG.warnf("mailbox append of %d entries failed after %d attempts: %s", batch.size(), attempt,
                    failure.getMessage());
            batch.forEach(p -> giveUp(p, "attempts_exhausted", null));
            inFlight.decrementAndGet();
            return;
        }
        retried.increment();
        long backoff = (long) config.retryBackoffMillis() << Math.min(attempt - 1, 10);
        vertx.setTimer(backoff, id -> send(batch, attempt + 1));
    }

    /** Transient: the store or the call failed, not the entries; the same batch may succeed later. */
    private static boolean retryable(Throwable failure, Status.Code code) {
        if (failure instanceof TimeoutException || code == null) {
            return true;
        }
        return switch (code) {
            case UNAVAILABLE, RESOURCE_EXHAUSTED, DEADLINE_EXCEEDED, ABORTED, INTERNAL, UNKNOWN, CANCELLED -> true;
            default -> false;
        };
    }

    private void giveUp(Pending p, String reason, String detail) {
        failed.increment();
        Message message = p.entry().getMessage();
        if (!message.getRoomId().isEmpty() && p.entry().getMboxId().startsWith("room:")) {
            markers.clear(message.getRoomId(), message.getMsgId());
        }
        Counter.builder("roomcast_mailbox_give_ups_total").tag("reason", reason)
                .description("Mailbox entries given up (not stored), by reason").register(registry).increment();
        if (detail != null) {
            LOG.debugf("mailbox entry %s/%d given up (%s): %s", p.entry().getMboxId(),
                    p.entry().getMessage().getMsgId(), reason, detail);
        }
        resolve(p, Outcome.gaveUp(reason));
    }

    private void resolve(Pending p, Outcome outcome) {
        if (p.done().complete(outcome)) {
            unresolved.decrementAndGet();
        }
    }

    /** The mailbox's typed code as a metric tag ({@code BAD_MAILBOX} -> {@code bad_mailbox}). */
    private static String reason(String code, String fallback) {
        return code == null || code.isEmpty() ? fallback : code.toLowerCase(Locale.ROOT);
    }

    /** {@code "BAD_MAILBOX: ..."} -> {@code BAD_MAILBOX}. */
    private static String codeOf(String description) {
        if (description == null) {
            return null;
        }
        int colon = description.indexOf(':');
        return colon > 0 ? description.substring(0, colon).trim() : null;
    }
}
