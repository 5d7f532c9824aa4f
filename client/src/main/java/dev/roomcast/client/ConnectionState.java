package dev.roomcast.client;

/** Where a client's long connection stands. */
public enum ConnectionState {
    /** Asking the dispatcher, opening the socket or waiting for AuthOk. */
    CONNECTING,
    /** Authenticated; rooms are joined (or being joined). */
    CONNECTED,
    /** Lost; a reconnect is scheduled with back-off (rooms keep polling the mailbox meanwhile). */
    RECONNECTING,
    /** A terminal code (4500+) or {@link RoomcastClient#close()}: no more attempts. */
    CLOSED
}
