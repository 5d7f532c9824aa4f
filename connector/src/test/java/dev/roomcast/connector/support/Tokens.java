package dev.roomcast.connector.support;

import dev.roomcast.common.auth.Role;
import dev.roomcast.common.auth.Scopes;
import dev.roomcast.common.auth.TokenIssuer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Tokens signed like the platform's login service (or a service) would, with the test profile's secrets. */
public final class Tokens {

    public static final TokenIssuer CURRENT = TokenIssuer.users("roomcast-test-secret-new-0123456789abcdef");
    public static final TokenIssuer PREVIOUS = TokenIssuer.users("roomcast-test-secret-old-0123456789abcdef");
    public static final TokenIssuer FOREIGN = TokenIssuer.users("some-other-platform-secret-0123456789abcdef");
    public static final TokenIssuer SERVICES = TokenIssuer.services("roomcast-test-service-secret-0123456789abcdef");

    /** room-service's credential: it pushes blocks and kicks. */
    public static String roomService() {
        return "Bearer " + SERVICES.service("room-service/test", Duration.ofMinutes(10), Scopes.ROOM_SERVICE);
    }

    /** An operator's credential: it drains. */
    public static String operator() {
        return "Bearer " + SERVICES.service("operator", Duration.ofMinutes(10), Scopes.OPERATOR);
    }

    private Tokens() {
    }

    public static String viewer(String userId) {
        return CURRENT.viewer(userId, Duration.ofMinutes(10));
    }

    public static String anchor(String userId, String roomId) {
        return CURRENT.anchor(userId, List.of(roomId), Duration.ofMinutes(10));
    }

    public static String expired(String userId) {
        return CURRENT.sign(userId, Role.VIEWER, List.of(), Instant.now().minusSeconds(5));
    }
}
