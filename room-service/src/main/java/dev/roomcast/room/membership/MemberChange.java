package dev.roomcast.room.membership;

/** The outcome of a join or leave: this connector's members in the mcast, the room's online count and
 * (joins) its newest msgId. */
public record MemberChange(long connectorMembers, long onlineCount, long lastMsgId) {
}
