package dev.roomcast.room.membership;

import java.util.List;

/**
 * One mcast a connector holds, as re-announced: how many connections, their user ids, and the version
 * of the count in the connector's sequence (0: set unconditionally).
 */
public record McastMembership(String mcastId, int members, List<String> userIds, long version) {
}
