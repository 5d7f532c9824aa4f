package dev.roomcast.client;

import dev.roomcast.proto.v1.Gift;
import dev.roomcast.proto.v1.Message;
import java.util.List;

/**
 * What the application receives. Called on the client's I/O thread: hand work to the UI thread and
 * return quickly. Messages come de-duplicated by msgId, whether they arrived by push, poll, recent
 * history or recovery (the application cannot tell, and need not).
 */
public interface ClientListener {

    /** New messages of a room (history first when entering, then live). */
    default void onMessages(String roomId, List<Message> messages) {
    }

    /**
     * The same call with how the messages came (statistics, e.g. push and poll latency apart); by default it
     * is {@link #onMessages(String, List)}. Implement one of the two.
     */
    default void onMessages(String roomId, List<Message> messages, MessageSource source) {
        onMessages(roomId, messages);
    }

    /** Anchor: gifts in sequence order, each exactly once. */
    default void onGifts(String roomId, List<Gift> gifts) {
    }

    /** The room is joined (also after each reconnect). */
    default void onJoined(String roomId, long onlineCount) {
    }

    /** {@code detail}: for CONNECTED the connector id, otherwise why (may be null). */
    default void onStateChanged(ConnectionState state, String detail) {
    }

    /** A request-level error (4000-4099) or a code that ended the connection. */
    default void onError(int code, String message) {
    }

    /**
     * Every block received on the long connection, before de-duplication (network statistics).
     * When the block's messages are delivered live, {@link #onMessages} for them follows at once on
     * the same thread; while a room reads history or recovers, they are delivered after it.
     */
    default void onBlock(BlockStats stats) {
    }
}
