package dev.roomcast.room.support;

import dev.roomcast.proto.v1.AppendBatchReply;
import dev.roomcast.proto.v1.AppendBatchRequest;
import dev.roomcast.proto.v1.MailboxEntry;
import dev.roomcast.proto.v1.MutinyMailboxServiceGrpc;
import io.grpc.Status;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** The mailbox's AppendBatch on the test port: records entries; can refuse the next N calls to exercise retries. */
@GrpcService
public class RecordingMailbox extends MutinyMailboxServiceGrpc.MailboxServiceImplBase {

    public static final List<MailboxEntry> ENTRIES = new CopyOnWriteArrayList<>();
    public static final AtomicInteger FAIL_NEXT = new AtomicInteger();
    public static final AtomicInteger CALLS = new AtomicInteger();

    @Override
    public Uni<AppendBatchReply> appendBatch(AppendBatchRequest request) {
        CALLS.incrementAndGet();
        if (FAIL_NEXT.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return Uni.createFrom().failure(Status.UNAVAILABLE.withDescription("test: refused").asRuntimeException());
        }
        ENTRIES.addAll(request.getEntriesList());
        return Uni.createFrom().item(AppendBatchReply.newBuilder().setAppended(request.getEntriesCount()).build());
    }

    public static List<MailboxEntry> entriesFor(String mboxId) {
        return ENTRIES.stream().filter(e -> e.getMboxId().equals(mboxId)).toList();
    }
}
