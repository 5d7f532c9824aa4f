package dev.roomcast.mailbox.poll;

import dev.roomcast.proto.v1.Message;
import java.util.List;

/** One short-poll answer: messages in msgId order, where to continue, when to ask again, and whether the cursor was clamped. */
public record PollResult(List<Message> messages, long nextCursor, int pollIntervalMs, boolean clamped) {
}
