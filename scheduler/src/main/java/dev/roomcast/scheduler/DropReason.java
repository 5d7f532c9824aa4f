package dev.roomcast.scheduler;

/** Why a message never reached a block. Exported as the metric tag {@code reason}. */
public enum DropReason {
    /** The room's bounded queue was full: the lowest-priority, oldest message went. */
    OVERFLOW,
    /** Older than its type's max age when a block was built. */
    STALE,
    /** Replaced by a newer message with the same conflate key (newest full state wins). */
    CONFLATED,
    /** Still queued when the room was removed (ownership moved away) or the scheduler closed. */
    REMOVED
}
