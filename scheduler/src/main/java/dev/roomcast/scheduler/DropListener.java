package dev.roomcast.scheduler;

import dev.roomcast.proto.v1.MessageType;

/**
 * Told about every drop. Called from submitting threads (overflow, conflation) and from the scheduler
 * thread (stale, removed): must be thread-safe and non-blocking (e.g. a Micrometer counter).
 * {@code count} is the number of events lost: more than 1 for an aggregated ENTER/LIKE message.
 */
@FunctionalInterface
public interface DropListener {
    void dropped(String roomId, MessageType type, DropReason reason, int count);

    DropListener NONE = (roomId, type, reason, count) -> { };
}
