package dev.roomcast.room.support;

import dev.roomcast.proto.v1.AppendBatchReply;
import dev.roomcast.proto.v1.AppendBatchRequest;
import dev.roomcast.proto.v1.AppendResult;
import dev.roomcast.proto.v1.AppendStatus;
import dev.roomcast.proto.v1.MailboxEntry;
import dev.roomcast.proto.v1.MutinyMailboxServiceGrpc;
import io.grpc.Status;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The mailbox's AppendBatch on the test port: records entries and answers per entry like mailbox-service;
 * can refuse the next N calls to exercise retries, refuse entries whose body is {@link #POISON} alone
 * (BAD_MESSAGE), hold every reply for {@link #DELAY_MS}, or hold every reply until the test releases them
 * ({@link #holdReplies()} / {@link #releaseReplies()}) so a full queue stays full for exactly as long as a test needs.
 */
@GrpcService
public class RecordingMailbox extends MutinyMailboxServiceGrpc.MailboxServiceImplBase {

    public static final List<MailboxEntry> ENTRIES = new CopyOnWriteArrayList<>();
    public static final AtomicInteger FAIL_NEXT = new AtomicInteger();
    public static final AtomicInteger CALLS = new AtomicInteger();
    public static final java.util.concurrent.atomic.AtomicLong DELAY_MS = new java.util.concurrent.atomic.AtomicLong();
    public static final String POISON = "poison-entry";
    private static volatile java.util.concurrent.CompletableFuture<Void> gate =
            java.util.concurrent.CompletableFuture.completedFuture(null);

    /** Replies from now on wait until {@link #releaseReplies()}. */
    public static void holdReplies() {
        gate = new java.util.concurrent.CompletableFuture<>();
    }

    /** Lets every held reply (and every later one) go. */
    public static void releaseReplies() {
        gate.complete(null);
    }

    @Override
    public Uni<AppendBatchReply> appendBatch(AppendBatchRequest request) {
        CALLS.incrementAndGet();
        if (FAIL_NEXT.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return Uni.createFrom().failure(Status.UNAVAILABLE.withDescription("test: refused").asRuntimeException());
        }
        AppendBatchReply.Builder reply = AppendBatchReply.newBuilder();
        for (MailboxEntry e : request.getEntriesList()) {
            if (POISON.equals(e.getMessage().getBody())) {
                reply.addResults(AppendResult.newBuilder().setStatus(AppendStatus.REJECTED).setErrorCode("BAD_MESSAGE")
                        .setError("test: poisoned entry"));
            } else {
                ENTRIES.add(e);
                reply.addResults(AppendResult.newBuilder().setStatus(AppendStatus.APPENDED));
                reply.setAppended(reply.getAppended() + 1);
            }
        }
        long delay = DELAY_MS.get();
        AppendBatchReply built = reply.build();
        java.util.concurrent.CompletableFuture<Void> held = gate;
        Uni<AppendBatchReply> answer = held.isDone() ? Uni.createFrom().item(built)
                : Uni.createFrom().completionStage(held).replaceWith(built);
        return delay > 0 ? answer.onItem().delayIt().by(java.time.Duration.ofMillis(delay)) : answer;
    }

    public static List<MailboxEntry> entriesFor(String mboxId) {
        return ENTRIES.stream().filter(e -> e.getMboxId().equals(mboxId)).toList();
    }
}
