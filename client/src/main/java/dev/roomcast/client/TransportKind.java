package dev.roomcast.client;

/** Which long connection to open; both carry the same frames. */
public enum TransportKind {
    WEBSOCKET,
    TCP
}
