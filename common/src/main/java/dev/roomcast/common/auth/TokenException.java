package dev.roomcast.common.auth;

/** A token that cannot be accepted, with the reason a caller maps to its own error code. */
public final class TokenException extends RuntimeException {

    public enum Reason {
        MALFORMED,
        BAD_SIGNATURE,
        EXPIRED
    }

    private final Reason reason;

    public TokenException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
