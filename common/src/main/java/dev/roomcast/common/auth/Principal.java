package dev.roomcast.common.auth;

import java.time.Instant;
import java.util.Set;

/**
 * A verified identity. {@code anchorOf} lists the rooms whose anchor this user is: only they may join
 * a room's gift channel or read its gift history. {@code scopes} limit a service credential to the
 * operations it was minted for (see {@link Scopes}); user tokens never carry scopes.
 */
public record Principal(String userId, Role role, Set<String> anchorOf, boolean anonymous, Instant expiresAt,
                        Set<String> scopes) {

    public Principal(String userId, Role role, Set<String> anchorOf, boolean anonymous, Instant expiresAt) {
        this(userId, role, anchorOf, anonymous, expiresAt, Set.of());
    }

    public static Principal anonymous(String deviceId) {
        return new Principal("anon:" + deviceId, Role.VIEWER, Set.of(), true, Instant.MAX);
    }

    /**
     * A service credential minted with this scope. A credential without the scope is refused, including
     * an unscoped one: it may only call what needs no scope (reads, see {@link Scopes}). Users never.
     */
    public boolean allows(String scope) {
        return role == Role.SERVICE && scopes.contains(scope);
    }

    public boolean isAnchorOf(String roomId) {
        return role == Role.ANCHOR && anchorOf.contains(roomId);
    }

    public boolean isService() {
        return role == Role.SERVICE;
    }
}
