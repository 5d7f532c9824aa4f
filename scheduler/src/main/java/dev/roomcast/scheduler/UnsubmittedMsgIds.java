package dev.roomcast.scheduler;

/**
 * What the publisher knows of msgIds already assigned but not yet submitted to the scheduler: a msgId comes
 * back from Redis before its message is submitted, and two publishes of a room can come back in either
 * order. A block's poll cursor must stay below such a message, or a viewer switched to polling at that
 * block would read past it (it is pushed later, to the others).
 */
@FunctionalInterface
public interface UnsubmittedMsgIds {

    /** Nothing outstanding anywhere (tests, or a publisher that submits in msgId order). */
    UnsubmittedMsgIds NONE = roomId -> Long.MAX_VALUE;

    /**
     * A lower bound on the msgId of every message of the room that was assigned (or is being assigned) and is
     * not submitted yet; {@link Long#MAX_VALUE} when none is outstanding. Called on the tick thread: cheap.
     */
    long lowestPossible(String roomId);
}
