package dev.roomcast.mailbox.support;

/** A failure with a typed code a client can act on; REST and gRPC edges map {@link Kind} to a status. */
public class MailboxException extends RuntimeException {

    /** How the edges map the failure: 400 / INVALID_ARGUMENT, 503 / RESOURCE_EXHAUSTED, 503 / UNAVAILABLE. */
    public enum Kind { INVALID_INPUT, OVERLOADED, UNAVAILABLE, UNAUTHENTICATED, FORBIDDEN }

    private final Kind kind;
    private final String code;

    public MailboxException(Kind kind, String code, String message) {
        super(message, null, false, false);
        this.kind = kind;
        this.code = code;
    }

    public static MailboxException invalid(String code, String message) {
        return new MailboxException(Kind.INVALID_INPUT, code, message);
    }

    public Kind kind() {
        return kind;
    }

    public String code() {
        return code;
    }
}
