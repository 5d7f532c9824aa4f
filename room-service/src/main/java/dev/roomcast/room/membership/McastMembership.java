package dev.roomcast.room.membership;

import java.util.List;

/** One mcast a connector holds, as re-announced: how many connections, and their user ids. */
public record McastMembership(String mcastId, int members, List<String> userIds) {
}
