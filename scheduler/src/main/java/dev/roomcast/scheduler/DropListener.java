package dev.roomcast.scheduler;

import dev.roomcast.proto.v1.MessageType;

/**
 * Told about every drop, and about every message a full block held back. Called from submitting threads (overflow, conflation) and from the scheduler
 * thread (stale, removed): must be thread-safe and non-blocking (e.g. a Micrometer counter).
 * {@code count} is the number of events lost: more than 1 for an aggregated ENTER/LIKE message.
 */
@FunctionalInterface
public interface DropListener {
    void dropped(String roomId, MessageType type, DropReason reason, int count);

    /**
     * {@code count} messages of {@code type} were queued when their room's block was built and did not fit
     * (higher priority or older ones filled it): they wait for a later tick. Each message is reported once, at
     * the first tick that left it behind (an ENTER/LIKE aggregate counts as one message). Scheduler thread.
     */
    default void heldBack(String roomId, MessageType type, int count) {
    }

    DropListener NONE = (roomId, type, reason, count) -> { };
}
