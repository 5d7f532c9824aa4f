package dev.roomcast.mailbox;

import dev.roomcast.common.auth.TokenIssuer;
import dev.roomcast.proto.v1.AppendBatchReply;
import dev.roomcast.proto.v1.AppendBatchRequest;
import dev.roomcast.proto.v1.MailboxEntry;
import dev.roomcast.proto.v1.MailboxServiceGrpc;
import dev.roomcast.proto.v1.Message;
import dev.roomcast.proto.v1.MessageType;
import dev.roomcast.proto.v1.Sender;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A plain grpc-java client of the mailbox with a service token, as room-service would call it. */
final class MailboxClient implements AutoCloseable {

    /** The test profile's secret; the packaged app in {@link DurabilityIT} is given the same one (prod refuses the development default). */
    static final String SECRET = "roomcast-test-secret-0123456789abcdef-mailbox";
    /** The test profile's service-credential secret (separate from user tokens'). */
    static final String SERVICE_SECRET = "roomcast-test-service-secret-0123456789-mailbox";

    private final ManagedChannel channel;
    final MailboxServiceGrpc.MailboxServiceBlockingStub stub;
    final MailboxServiceGrpc.MailboxServiceFutureStub async;

    MailboxClient(int port) {
        this(port, TokenIssuer.services(SERVICE_SECRET).service("room-service:test", Duration.ofHours(1),
                dev.roomcast.common.auth.Scopes.ROOM_SERVICE));
    }

    MailboxClient(int port, String token) {
        channel = ManagedChannelBuilder.forAddress("localhost", port).usePlaintext().build();
        Metadata headers = new Metadata();
        if (token != null) {
            headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        }
        stub = MailboxServiceGrpc.newBlockingStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
        async = MailboxServiceGrpc.newFutureStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    AppendBatchReply append(List<MailboxEntry> entries) {
        return stub.withDeadlineAfter(10, TimeUnit.SECONDS)
                .appendBatch(AppendBatchRequest.newBuilder().addAllEntries(entries).build());
    }

    static MailboxEntry room(String roomId, Message m) {
        return MailboxEntry.newBuilder().setMboxId("room:" + roomId).setMessage(m).build();
    }

    static Message chat(String roomId, long msgId, int priority) {
        return message(roomId, msgId, MessageType.CHAT, priority, System.currentTimeMillis(), 0);
    }

    static Message message(String roomId, long msgId, MessageType type, int priority, long createdAtMs, int ttlMs) {
        return Message.newBuilder().setRoomId(roomId).setMsgId(msgId).setType(type).setPriority(priority)
                .setSender(Sender.newBuilder().setUserId("u" + msgId).setLevel(3).setNickname("nick" + msgId))
                .setBody("hello " + msgId).setCreatedAtMs(createdAtMs).setTtlMs(ttlMs).build();
    }

    /** Chats with msgIds from..to (inclusive) for one room. */
    static List<MailboxEntry> chats(String roomId, long from, long to) {
        List<MailboxEntry> out = new ArrayList<>();
        for (long id = from; id <= to; id++) {
            out.add(room(roomId, chat(roomId, id, 100)));
        }
        return out;
    }

    static String newRoom() {
        return "t" + System.nanoTime();
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
}
