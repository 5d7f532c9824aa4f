package dev.roomcast.room.support;

import dev.roomcast.common.auth.Issuers;
import dev.roomcast.common.auth.Role;
import dev.roomcast.common.auth.Scopes;
import dev.roomcast.common.auth.SecretPolicy;
import dev.roomcast.common.auth.TokenIssuer;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Tokens signed with the test profile's keys (the development user and service secrets). */
public final class TestTokens {

    public static final String SECRET = SecretPolicy.DEVELOPMENT_SECRET;
    public static final String SERVICE_SECRET = SecretPolicy.DEVELOPMENT_SERVICE_SECRET;
    private static final TokenIssuer USERS = TokenIssuer.users(SECRET);
    private static final TokenIssuer SERVICES = TokenIssuer.services(SERVICE_SECRET);

    private TestTokens() {
    }

    /** The tests play a connector (membership) and the business backend (publish) with one credential. */
    public static String service() {
        Set<String> scopes = new HashSet<>(Scopes.CONNECTOR);
        scopes.addAll(Scopes.BUSINESS_BACKEND);
        return "Bearer " + SERVICES.service("platform-test", Duration.ofMinutes(10), scopes);
    }

    /** What a connector mints for itself: membership and gift relay, no publish. */
    public static String connector() {
        return "Bearer " + SERVICES.service("connector:test", Duration.ofMinutes(10), Scopes.CONNECTOR);
    }

    /** The business backend: publish, broadcast, kick; no membership. */
    public static String backend() {
        return "Bearer " + SERVICES.service("business-backend", Duration.ofMinutes(10), Scopes.BUSINESS_BACKEND);
    }

    public static String viewer() {
        return "Bearer " + USERS.viewer("alice", Duration.ofMinutes(10));
    }

    public static String foreignService() {
        return "Bearer " + TokenIssuer.services("another-secret-that-is-long-enough-0123456789")
                .service("intruder", Duration.ofMinutes(10), Scopes.BUSINESS_BACKEND);
    }

    /** A service credential with the publish scope, signed with the user key. */
    public static String serviceSignedWithUserKey() {
        return "Bearer " + USERS.signClaims("intruder", Role.SERVICE, List.of(), Scopes.BUSINESS_BACKEND,
                Instant.now().plusSeconds(600), Issuers.SERVICES, Issuers.AUDIENCE);
    }

    /** A correctly signed publish credential with another issuer or audience (null = the platform's). */
    public static String serviceClaiming(String iss, String aud) {
        return "Bearer " + SERVICES.signClaims("backend", Role.SERVICE, List.of(), Scopes.BUSINESS_BACKEND,
                Instant.now().plusSeconds(600), iss == null ? Issuers.SERVICES : iss, aud == null ? Issuers.AUDIENCE : aud);
    }
}
