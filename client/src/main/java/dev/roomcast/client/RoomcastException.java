package dev.roomcast.client;

/** A request the server refused, with its {@code ErrorCode} number (see client.proto). */
public final class RoomcastException extends RuntimeException {

    private final int code;

    public RoomcastException(int code, String message) {
        super(code + ": " + message);
        this.code = code;
    }

    public int code() {
        return code;
    }
}
