package dev.roomcast.room.support;

import dev.roomcast.common.auth.TokenIssuer;
import java.time.Duration;

/** Tokens signed with the test profile's secret (the default development secret). */
public final class TestTokens {

    public static final String SECRET = "roomcast-dev-secret-change-me-0123456789abcdef";
    private static final TokenIssuer ISSUER = new TokenIssuer(SECRET);

    private TestTokens() {
    }

    public static String service() {
        return "Bearer " + ISSUER.service("platform-test", Duration.ofMinutes(10));
    }

    public static String viewer() {
        return "Bearer " + ISSUER.viewer("alice", Duration.ofMinutes(10));
    }

    public static String foreignService() {
        return "Bearer " + new TokenIssuer("another-secret-that-is-long-enough-0123456789")
                .service("intruder", Duration.ofMinutes(10));
    }
}
