package dev.roomcast.room.membership;

/** The outcome of a join or leave: this connector's members in the mcast, the room's online count and
 * (joins) its newest msgId. */
public record MemberChange(long connectorMembers, long onlineCount, long lastMsgId) {

    /** True when this connector just entered the mcast's route. */
    public boolean routeCreated() {
        return connectorMembers == 1;
    }

    /** True when this connector just left the mcast's route. */
    public boolean routeRemoved() {
        return connectorMembers <= 0;
    }
}
