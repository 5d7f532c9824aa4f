package dev.roomcast.client.codec;

/** A block the client cannot turn into messages: unknown codec or dictionary, corrupt payload. */
public final class BlockDecodeException extends Exception {

    public BlockDecodeException(String message) {
        super(message);
    }

    public BlockDecodeException(String message, Throwable cause) {
        super(message, cause);
    }
}
