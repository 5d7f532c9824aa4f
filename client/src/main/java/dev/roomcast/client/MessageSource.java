package dev.roomcast.client;

/** How messages reached the client (for statistics: the application gets the same messages either way). */
public enum MessageSource {
    /** In a block on the long connection (delivered at once, or after a recovery read that held it back). */
    PUSHED,
    /** In a short-poll answer while the server has the room on polling. */
    POLLED,
    /** From the mailbox's timeline: recent history on entering, a recovery, or a gap fill. */
    READ
}
