package dev.roomcast.common.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TokenVerifierTest {

    static final String CURRENT = "current-secret-0123456789abcdef-0123456789";
    static final String PREVIOUS = "previous-secret-0123456789abcdef-012345678";
    static final String OTHER = "unrelated-secret-0123456789abcdef-01234567";

    @Test
    void acceptsAnchorTokenWithRooms() {
        String token = new TokenIssuer(CURRENT).anchor("alice", List.of("42"), Duration.ofMinutes(5));
        Principal p = new TokenVerifier(List.of(CURRENT)).verify(token);
        assertThat(p.userId()).isEqualTo("alice");
        assertThat(p.role()).isEqualTo(Role.ANCHOR);
        assertThat(p.anchorOf()).isEqualTo(Set.of("42"));
        assertThat(p.isAnchorOf("42")).isTrue();
        assertThat(p.isAnchorOf("43")).isFalse();
    }

    @Test
    void acceptsTokenSignedWithPreviousSecretDuringRotation() {
        String token = new TokenIssuer(PREVIOUS).viewer("bob", Duration.ofMinutes(5));
        assertThat(new TokenVerifier(List.of(CURRENT, PREVIOUS)).verify(token).userId()).isEqualTo("bob");
    }

    @Test
    void rejectsTokenSignedWithUnknownSecret() {
        String token = new TokenIssuer(OTHER).viewer("bob", Duration.ofMinutes(5));
        assertThatThrownBy(() -> new TokenVerifier(List.of(CURRENT, PREVIOUS)).verify(token))
                .isInstanceOfSatisfying(TokenException.class,
                        e -> assertThat(e.reason()).isEqualTo(TokenException.Reason.BAD_SIGNATURE));
    }

    @Test
    void rejectsExpiredToken() {
        String token = new TokenIssuer(CURRENT).sign("bob", Role.VIEWER, List.of(), Instant.now().minusSeconds(1));
        assertThatThrownBy(() -> new TokenVerifier(List.of(CURRENT)).verify(token))
                .isInstanceOfSatisfying(TokenException.class,
                        e -> assertThat(e.reason()).isEqualTo(TokenException.Reason.EXPIRED));
    }

    @Test
    void rejectsGarbageAndOversizedTokens() {
        TokenVerifier verifier = new TokenVerifier(List.of(CURRENT));
        for (String bad : new String[] {"", "not-a-jwt", "a.b.c", "x".repeat(5000)}) {
            assertThatThrownBy(() -> verifier.verify(bad))
                    .isInstanceOfSatisfying(TokenException.class,
                            e -> assertThat(e.reason()).isEqualTo(TokenException.Reason.MALFORMED));
        }
    }

    @Test
    void refusesShortSecrets() {
        assertThatThrownBy(() -> new TokenVerifier(List.of("short"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void scopedServiceCredentialsAllowOnlyTheirScopes() {
        TokenVerifier verifier = new TokenVerifier(List.of(CURRENT));
        Principal connector = verifier.verify(new TokenIssuer(CURRENT).service("connector:a", Duration.ofMinutes(5), Scopes.CONNECTOR));
        assertThat(connector.scopes()).containsExactlyInAnyOrderElementsOf(Scopes.CONNECTOR);
        assertThat(connector.allows(Scopes.GIFT_RELAY)).isTrue();
        assertThat(connector.allows(Scopes.GIFT_SEND)).isFalse();
        Principal unscoped = verifier.verify(new TokenIssuer(CURRENT).service("backend", Duration.ofMinutes(5)));
        assertThat(unscoped.allows(Scopes.GIFT_SEND)).isTrue();
        Principal viewer = verifier.verify(new TokenIssuer(CURRENT).viewer("bob", Duration.ofMinutes(5)));
        assertThat(viewer.allows(Scopes.GIFT_SEND)).as("a user token is never a service credential").isFalse();
    }
}
