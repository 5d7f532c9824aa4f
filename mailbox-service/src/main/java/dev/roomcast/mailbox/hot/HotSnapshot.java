package dev.roomcast.mailbox.hot;

import dev.roomcast.proto.v1.Message;
import java.util.List;

/**
 * What the hot window of a room holds above a cursor.
 *
 * @param warm       the window was loaded (from appends since a rebuild); false after a Redis restart or idle expiry
 * @param floor      highest msgId trimmed out of the window: a cursor below it missed messages (clamp)
 * @param headMsgId  newest msgId in the window, 0 when empty
 * @param pendingFrom lowest msgId of an append still on its way to the window ({@link Long#MAX_VALUE}: none); a
 *                   poll answers below it only, so its cursor never passes a message that is not there yet
 * @param newestFirst messages with msgId >= cursor (approximately: scores are doubles), newest first
 */
public record HotSnapshot(boolean warm, long floor, long headMsgId, long pendingFrom, List<Message> newestFirst) {
}
