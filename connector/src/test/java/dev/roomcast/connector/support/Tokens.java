package dev.roomcast.connector.support;

import dev.roomcast.common.auth.Role;
import dev.roomcast.common.auth.TokenIssuer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Tokens signed like the platform's login service would, with the test profile's secrets. */
public final class Tokens {

    public static final TokenIssuer CURRENT = new TokenIssuer("roomcast-test-secret-new-0123456789abcdef");
    public static final TokenIssuer PREVIOUS = new TokenIssuer("roomcast-test-secret-old-0123456789abcdef");
    public static final TokenIssuer FOREIGN = new TokenIssuer("some-other-platform-secret-0123456789abcdef");

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
