package dev.roomcast.common.auth;

import java.time.Instant;
import java.util.Set;

/**
 * A verified identity. {@code anchorOf} lists the rooms whose anchor this user is: only they may join
 * a room's gift channel or read its gift history.
 */
public record Principal(String userId, Role role, Set<String> anchorOf, boolean anonymous, Instant expiresAt) {

    public static Principal anonymous(String deviceId) {
        return new Principal("anon:" + deviceId, Role.VIEWER, Set.of(), true, Instant.MAX);
    }

    public boolean isAnchorOf(String roomId) {
        return role == Role.ANCHOR && anchorOf.contains(roomId);
    }

    public boolean isService() {
        return role == Role.SERVICE;
    }
}
