package dev.roomcast.mailbox.timeline;

import dev.roomcast.proto.v1.Message;
import java.util.List;

/** A page of messages in msgId order, with the cursor to pass back for the next page in the same direction. */
public record Page(List<Message> messages, boolean hasMore, long nextCursor) {
}
