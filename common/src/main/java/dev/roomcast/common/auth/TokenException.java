package dev.roomcast.common.auth;

/** A token that cannot be accepted, with the reason a caller maps to its own error code. */
public final class TokenException extends RuntimeException {

    public enum Reason {
        MALFORMED,
        BAD_SIGNATURE,
        EXPIRED,
        /** {@code iss} unknown or not accepted by this verifier, or a role its issuer may not grant. */
        WRONG_ISSUER,
        /** {@code aud} does not name Roomcast. */
        WRONG_AUDIENCE
    }

    private final Reason reason;

    public TokenException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    /** "REASON: detail", the form services put in their UNAUTHORIZED answers so a log reader can grep it. */
    public String describe() {
        return reason.name() + ": " + getMessage();
    }
}
