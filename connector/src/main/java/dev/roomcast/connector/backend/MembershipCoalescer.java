package dev.roomcast.connector.backend;

import dev.roomcast.proto.v1.MembershipBatchReply;
import dev.roomcast.proto.v1.MembershipBatchRequest;
import dev.roomcast.proto.v1.MembershipChange;
import dev.roomcast.proto.v1.MembershipResult;
import io.grpc.Status;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Gathers the joins and leaves made within a short window into one UpdateMembership call per connector
 * id, so room-service pays one gRPC call per window instead of one per connection. A full batch goes out
 * at once; otherwise a Vert.x timer sends it when the window closes. Nothing here blocks: the critical
 * sections only move list references. The pending queue is bounded; an overflow fails the caller at
 * once (RESOURCE_EXHAUSTED) and is counted.
 */
final class MembershipCoalescer {

    private record Pending(MembershipChange change, UniEmitter<? super MembershipResult> emitter) {
    }

    private record Batch(String connectorId, List<Pending> items) {
    }

    private final Vertx vertx;
    private final long windowMillis;
    private final int maxBatch;
    private final int maxPending;
    private final Function<MembershipBatchRequest, Uni<MembershipBatchReply>> send;
    private final Counter rejected;
    private final DistributionSummary changesPerCall;

    private final Object lock = new Object();
    private String connectorId;
    private List<Pending> pending = new ArrayList<>();
    private int queued;
    private boolean timerArmed;

    MembershipCoalescer(Vertx vertx, long windowMillis, int maxBatch, int maxPending, MeterRegistry registry,
                        Function<MembershipBatchRequest, Uni<MembershipBatchReply>> send) {
        this.vertx = vertx;
        this.windowMillis = windowMillis;
        this.maxBatch = maxBatch;
        this.maxPending = maxPending;
        this.send = send;
        this.rejected = Counter.builder("roomcast.connector.membership.rejected")
                .description("Joins/leaves refused because the pending batch queue was full").register(registry);
        this.changesPerCall = DistributionSummary.builder("roomcast.connector.membership.changes.per.call")
                .description("Joins and leaves carried by one UpdateMembership call").register(registry);
    }

    Uni<MembershipResult> submit(String connector, MembershipChange change) {
        return Uni.createFrom().emitter(emitter -> {
            Batch full = null;
            Batch other = null;
            boolean arm = false;
            synchronized (lock) {
                if (queued >= maxPending) {
                    rejected.increment();
                    emitter.fail(Status.RESOURCE_EXHAUSTED
                            .withDescription("membership queue full, retry").asRuntimeException());
                    return;
                }
                if (connectorId != null && !connectorId.equals(connector) && !pending.isEmpty()) {
                    other = takeLocked();   // a batch carries one connector id: send the other one's now
                }
                connectorId = connector;
                pending.add(new Pending(change, emitter));
                queued++;
                if (pending.size() >= maxBatch) {
                    full = takeLocked();
                } else if (!timerArmed) {
                    timerArmed = true;
                    arm = true;
                }
            }
            if (other != null) {
                flush(other);
            }
            if (full != null) {
                flush(full);
            }
            if (arm) {
                vertx.setTimer(windowMillis, id -> onWindowClosed());
            }
        });
    }

    private void onWindowClosed() {
        Batch batch;
        synchronized (lock) {
            timerArmed = false;
            if (pending.isEmpty()) {
                return;
            }
            batch = takeLocked();
        }
        flush(batch);
    }

    private Batch takeLocked() {
        Batch batch = new Batch(connectorId, pending);
        pending = new ArrayList<>();
        return batch;
    }

    private void flush(Batch taken) {
        List<Pending> batch = taken.items();
        MembershipBatchRequest.Builder request = MembershipBatchRequest.newBuilder().setConnectorId(taken.connectorId());
        for (Pending p : batch) {
            request.addChanges(p.change());
        }
        changesPerCall.record(batch.size());
        Uni<MembershipBatchReply> call;
        try {
            call = send.apply(request.build());
        } catch (RuntimeException e) {
            call = Uni.createFrom().failure(e);
        }
        call.subscribe().with(reply -> complete(batch, reply), failure -> {
            released(batch.size());
            batch.forEach(p -> p.emitter().fail(failure));
        });
    }

    private void complete(List<Pending> batch, MembershipBatchReply reply) {
        released(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            UniEmitter<? super MembershipResult> emitter = batch.get(i).emitter();
            if (i >= reply.getResultsCount()) {
                emitter.fail(Status.INTERNAL.withDescription("room-service answered fewer results").asRuntimeException());
                continue;
            }
            MembershipResult result = reply.getResults(i);
            if (result.getOk()) {
                emitter.complete(result);
            } else {
                emitter.fail(statusOf(result.getError()).withDescription(result.getError()).asRuntimeException());
            }
        }
    }

    private void released(int n) {
        synchronized (lock) {
            queued -= n;
        }
    }

    /**
     * room-service's per-change error text starts with its typed code, as the single calls' statuses do
     * (upper case now; lower case from instances older than the one-casing change, during a rollout).
     */
    static Status statusOf(String error) {
        String code = error.toLowerCase(java.util.Locale.ROOT);
        if (code.startsWith("bad_") || code.startsWith("missing_")) {
            return Status.INVALID_ARGUMENT;
        }
        if (code.startsWith("overloaded")) {
            return Status.RESOURCE_EXHAUSTED;
        }
        return Status.UNAVAILABLE;
    }
}
