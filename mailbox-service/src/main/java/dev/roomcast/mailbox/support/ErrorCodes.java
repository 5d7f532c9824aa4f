package dev.roomcast.mailbox.support;

/** The mailbox's error codes (REST body {@code code}, gRPC description prefix). Listed in the README. */
public final class ErrorCodes {
    public static final String BAD_LIMIT = "BAD_LIMIT";
    public static final String BAD_CURSOR = "BAD_CURSOR";
    public static final String BAD_FLAG = "BAD_FLAG";
    public static final String BAD_MAILBOX = "BAD_MAILBOX";
    public static final String BAD_ROOM = "BAD_ROOM";
    public static final String BAD_BATCH = "BAD_BATCH";
    public static final String BAD_MESSAGE = "BAD_MESSAGE";
    public static final String BODY_TOO_LARGE = "BODY_TOO_LARGE";
    public static final String OVERLOADED = "OVERLOADED";
    public static final String STORE_UNAVAILABLE = "STORE_UNAVAILABLE";
    public static final String UNAUTHENTICATED = "UNAUTHENTICATED";
    public static final String FORBIDDEN = "FORBIDDEN";
    public static final String INTERNAL = "INTERNAL";

    private ErrorCodes() {
    }
}
