package dev.roomcast.scheduler;

/** What {@link BlockScheduler#submit} did with a message. */
public enum SubmitResult {
    /** Waits for the room's next tick (ENTER/LIKE: added to the tick's aggregate). */
    QUEUED,
    /** At or above the immediate priority: goes out after the micro-batch delay. */
    IMMEDIATE,
    /** Replaced an unsent message with the same conflate key (that one is counted as CONFLATED). */
    CONFLATED_PREVIOUS,
    /** The queue was full and this message was the lowest-priority one: it was dropped (counted). */
    DROPPED_OVERFLOW,
    /** The scheduler is closed. */
    REJECTED_CLOSED
}
