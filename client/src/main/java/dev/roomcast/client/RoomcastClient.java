package dev.roomcast.client;

import dev.roomcast.proto.v1.ErrorCode;
import dev.roomcast.proto.v1.Frame;
import dev.roomcast.proto.v1.Leave;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A Roomcast connection as an application sees it: connect once, join rooms, receive messages (and
 * gifts, as an anchor) through the {@link ClientListener}. Reconnection, recovery, polling fallback
 * and de-duplication happen underneath. Thread-safe: every call is handed to the client's I/O thread.
 *
 * <pre>{@code
 * try (ClientRuntime runtime = ClientRuntime.create(1)) {
 *     RoomcastClient client = runtime.newClient(ClientConfig.builder("http://127.0.0.1:8082").token(jwt).build(), listener);
 *     client.connect();
 *     client.join("42").toCompletableFuture().join();
 * }
 * }</pre>
 */
public final class RoomcastClient implements AutoCloseable {

    private final Session session;

    RoomcastClient(Session session) {
        this.session = session;
    }

    /** Starts connecting (dispatcher, socket, Auth); retries with back-off until {@link #close()}. */
    public void connect() {
        session.run(session::start);
    }

    /**
     * Joins a room as a viewer; completes with the online count at the first JoinOk. A join refused
     * with a retryable code ({@code UNAVAILABLE}, {@code NOT_JOINED}, {@code RATE_LIMITED}) is sent
     * again with jittered exponential back-off until it succeeds or the application leaves; any other
     * refusal fails the stage with a {@link RoomcastException}.
     */
    public CompletionStage<Long> join(String roomId) {
        return join(roomId, null);
    }

    /**
     * Joins a room as its anchor, with the reliable gift channel.
     *
     * @param deliveredGiftSeq the highest gift seq the app already holds (persisted across restarts),
     *                         or -1 to trust the server's ack cursor
     */
    public CompletionStage<Long> joinAsAnchor(String roomId, long deliveredGiftSeq) {
        return join(roomId, deliveredGiftSeq);
    }

    private CompletionStage<Long> join(String roomId, Long giftSeq) {
        CompletableFuture<Long> result = new CompletableFuture<>();
        if (!dev.roomcast.common.ids.Ids.isRoomId(roomId)) {
            // Refused here with the connector's code rather than after a round trip (the same rule everywhere).
            result.completeExceptionally(new RoomcastException(ErrorCode.BAD_ROOM_VALUE, dev.roomcast.common.ids.Ids.ROOM_ID_RULE));
            return result;
        }
        session.run(() -> {
            RoomChannel existing = session.rooms.get(roomId);
            if (existing != null) {
                existing.joined.whenComplete((n, e) -> complete(result, n, e));
                return;
            }
            GiftChannel gifts = giftSeq == null ? null : new GiftChannel(roomId, session, giftSeq);
            RoomChannel room = new RoomChannel(roomId, session, gifts);
            session.rooms.put(roomId, room);
            room.joined.whenComplete((n, e) -> complete(result, n, e));
            if (session.state() == ConnectionState.CONNECTED) {
                session.sendJoin(room);
            }   // else: joined as soon as the connection authenticates
        });
        return result;
    }

    public void leave(String roomId) {
        session.run(() -> session.leave(roomId));
    }

    public ConnectionState state() {
        return session.state();
    }

    public ClientStats stats() {
        return session.stats;
    }

    /** Whether a room currently receives by polling instead of push (for diagnostics only). */
    public CompletionStage<Boolean> polling(String roomId) {
        CompletableFuture<Boolean> result = new CompletableFuture<>();
        session.run(() -> {
            RoomChannel room = session.rooms.get(roomId);
            result.complete(room != null && room.polling());
        });
        return result;
    }

    @Override
    public void close() {
        session.run(session::close);
    }

    private static <T> void complete(CompletableFuture<T> target, T value, Throwable error) {
        if (error != null) {
            target.completeExceptionally(error);
        } else {
            target.complete(value);
        }
    }
}
