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

    static final String SERVICE = "service-secret-0123456789abcdef-0123456789ab";
    static final List<String> NONE = List.of();

    @Test
    void acceptsAnchorTokenWithRooms() {
        String token = TokenIssuer.users(CURRENT).anchor("alice", List.of("42"), Duration.ofMinutes(5));
        Principal p = TokenVerifier.forUsers(List.of(CURRENT)).verify(token);
        assertThat(p.userId()).isEqualTo("alice");
        assertThat(p.role()).isEqualTo(Role.ANCHOR);
        assertThat(p.anchorOf()).isEqualTo(Set.of("42"));
        assertThat(p.isAnchorOf("42")).isTrue();
        assertThat(p.isAnchorOf("43")).isFalse();
    }

    @Test
    void acceptsTokenSignedWithPreviousSecretDuringRotation() {
        String token = TokenIssuer.users(PREVIOUS).viewer("bob", Duration.ofMinutes(5));
        assertThat(TokenVerifier.forUsers(List.of(CURRENT, PREVIOUS)).verify(token).userId()).isEqualTo("bob");
        String service = TokenIssuer.services(PREVIOUS).service("gift-service", Duration.ofMinutes(5), Scopes.GIFT_SERVICE);
        assertThat(TokenVerifier.forServices(List.of(SERVICE, PREVIOUS)).verify(service).scopes())
                .containsExactlyInAnyOrderElementsOf(Scopes.GIFT_SERVICE);
    }

    @Test
    void rejectsTokenSignedWithUnknownSecret() {
        String token = TokenIssuer.users(OTHER).viewer("bob", Duration.ofMinutes(5));
        assertReason(() -> TokenVerifier.forUsers(List.of(CURRENT, PREVIOUS)).verify(token), TokenException.Reason.BAD_SIGNATURE);
    }

    @Test
    void rejectsServiceCredentialSignedWithTheUserKey() {
        TokenVerifier both = new TokenVerifier(List.of(CURRENT), List.of(SERVICE));
        String forged = TokenIssuer.users(CURRENT).signClaims("backend", Role.SERVICE, NONE, Scopes.BUSINESS_BACKEND,
                Instant.now().plusSeconds(60), Issuers.SERVICES, Issuers.AUDIENCE);
        assertReason(() -> both.verify(forged), TokenException.Reason.BAD_SIGNATURE);
    }

    @Test
    void rejectsServiceRoleFromTheUserIssuerEvenWithTheUserKey() {
        TokenVerifier both = new TokenVerifier(List.of(CURRENT), List.of(SERVICE));
        String forged = TokenIssuer.users(CURRENT).signClaims("backend", Role.SERVICE, NONE, Scopes.BUSINESS_BACKEND,
                Instant.now().plusSeconds(60), Issuers.USERS, Issuers.AUDIENCE);
        assertReason(() -> both.verify(forged), TokenException.Reason.WRONG_ISSUER);
    }

    @Test
    void rejectsUserTokensMintedWithTheServiceKey() {
        TokenVerifier both = new TokenVerifier(List.of(CURRENT), List.of(SERVICE));
        String asUsers = TokenIssuer.services(SERVICE).signClaims("mallory", Role.ANCHOR, List.of("42"), NONE,
                Instant.now().plusSeconds(60), Issuers.USERS, Issuers.AUDIENCE);
        assertReason(() -> both.verify(asUsers), TokenException.Reason.BAD_SIGNATURE);
        String asServices = TokenIssuer.services(SERVICE).signClaims("mallory", Role.ANCHOR, List.of("42"), NONE,
                Instant.now().plusSeconds(60), Issuers.SERVICES, Issuers.AUDIENCE);
        assertReason(() -> both.verify(asServices), TokenException.Reason.WRONG_ISSUER);
    }

    @Test
    void rejectsForeignOrMissingIssuer() {
        TokenVerifier both = new TokenVerifier(List.of(CURRENT), List.of(SERVICE));
        for (String iss : new String[] {"accounts.example.com", null}) {
            String token = TokenIssuer.users(CURRENT).signClaims("bob", Role.VIEWER, NONE, NONE,
                    Instant.now().plusSeconds(60), iss, Issuers.AUDIENCE);
            assertReason(() -> both.verify(token), TokenException.Reason.WRONG_ISSUER);
        }
    }

    @Test
    void rejectsForeignOrMissingAudience() {
        TokenVerifier both = new TokenVerifier(List.of(CURRENT), List.of(SERVICE));
        for (String aud : new String[] {"billing", null}) {
            String token = TokenIssuer.users(CURRENT).signClaims("bob", Role.VIEWER, NONE, NONE,
                    Instant.now().plusSeconds(60), Issuers.USERS, aud);
            assertReason(() -> both.verify(token), TokenException.Reason.WRONG_AUDIENCE);
        }
    }

    @Test
    void aUserOnlyVerifierRefusesServiceCredentials() {
        String service = TokenIssuer.services(SERVICE).service("backend", Duration.ofMinutes(5), Scopes.BUSINESS_BACKEND);
        assertReason(() -> TokenVerifier.forUsers(List.of(CURRENT, SERVICE)).verify(service), TokenException.Reason.WRONG_ISSUER);
    }

    @Test
    void anIssuerSignsOnlyItsOwnKindOfToken() {
        assertThatThrownBy(() -> TokenIssuer.users(CURRENT).service("backend", Duration.ofMinutes(5), Scopes.BUSINESS_BACKEND))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> TokenIssuer.services(SERVICE).viewer("bob", Duration.ofMinutes(5)))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void rejectsExpiredToken() {
        String token = TokenIssuer.users(CURRENT).sign("bob", Role.VIEWER, List.of(), Instant.now().minusSeconds(1));
        assertReason(() -> TokenVerifier.forUsers(List.of(CURRENT)).verify(token), TokenException.Reason.EXPIRED);
    }

    @Test
    void rejectsGarbageAndOversizedTokens() {
        TokenVerifier verifier = TokenVerifier.forUsers(List.of(CURRENT));
        for (String bad : new String[] {"", "not-a-jwt", "a.b.c", "x".repeat(5000)}) {
            assertReason(() -> verifier.verify(bad), TokenException.Reason.MALFORMED);
        }
    }

    @Test
    void refusesShortSecrets() {
        assertThatThrownBy(() -> TokenVerifier.forUsers(List.of("short"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TokenVerifier.forServices(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void scopedServiceCredentialsAllowOnlyTheirScopes() {
        TokenVerifier verifier = new TokenVerifier(List.of(CURRENT), List.of(SERVICE));
        TokenIssuer services = TokenIssuer.services(SERVICE);
        Principal connector = verifier.verify(services.service("connector:a", Duration.ofMinutes(5), Scopes.CONNECTOR));
        assertThat(connector.scopes()).containsExactlyInAnyOrderElementsOf(Scopes.CONNECTOR);
        assertThat(connector.allows(Scopes.GIFT_RELAY)).isTrue();
        assertThat(connector.allows(Scopes.GIFT_SEND)).isFalse();
        assertThat(connector.allows(Scopes.PUBLISH)).isFalse();
        Principal unscoped = verifier.verify(services.service("reader", Duration.ofMinutes(5), NONE));
        assertThat(unscoped.allows(Scopes.GIFT_SEND)).as("an unscoped credential only reads").isFalse();
        Principal viewer = verifier.verify(TokenIssuer.users(CURRENT).viewer("bob", Duration.ofMinutes(5)));
        assertThat(viewer.allows(Scopes.GIFT_SEND)).as("a user token is never a service credential").isFalse();
    }

    @Test
    void scopesClaimOnAUserTokenIsIgnored() {
        String token = TokenIssuer.users(CURRENT).signClaims("bob", Role.VIEWER, NONE, List.of(Scopes.PUBLISH),
                Instant.now().plusSeconds(60), Issuers.USERS, Issuers.AUDIENCE);
        assertThat(TokenVerifier.forUsers(List.of(CURRENT)).verify(token).scopes()).isEmpty();
    }

    @Test
    void theScopeTableNamesEveryGrpcOperationThatChangesState() {
        assertThat(Scopes.forGrpcMethod("roomcast.v1.GiftService/SendGift")).contains(Scopes.GIFT_SEND);
        assertThat(Scopes.forGrpcMethod("roomcast.v1.RoomService/Publish")).contains(Scopes.PUBLISH);
        assertThat(Scopes.forGrpcMethod("roomcast.v1.MailboxService/AppendBatch")).contains(Scopes.MAILBOX_APPEND);
        assertThat(Scopes.forGrpcMethod("roomcast.v1.RoomService/GetRoute")).isEmpty();
        Principal connector = new Principal("connector:a", Role.SERVICE, Set.of(), false, Instant.MAX, Scopes.CONNECTOR);
        assertThat(Scopes.refusal(connector, Scopes.forGrpcMethod("roomcast.v1.RoomService/Publish"))).isPresent();
        assertThat(Scopes.refusal(connector, Scopes.forGrpcMethod("roomcast.v1.RoomService/Join"))).isEmpty();
    }

    private static void assertReason(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, TokenException.Reason reason) {
        assertThatThrownBy(call).isInstanceOfSatisfying(TokenException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }

    @Test
    void aVerifiedServiceCredentialIsReusedUntilItExpiresAndTheCacheStaysBounded() {
        java.util.concurrent.atomic.AtomicReference<Instant> now = new java.util.concurrent.atomic.AtomicReference<>(Instant.now());
        java.time.Clock clock = new java.time.Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return java.time.ZoneOffset.UTC;
            }

            @Override
            public java.time.Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
        TokenVerifier verifier = new TokenVerifier(List.of(CURRENT), List.of(SERVICE), clock);
        String service = TokenIssuer.services(SERVICE).service("room-service", Duration.ofSeconds(30), Scopes.ROOM_SERVICE);
        assertThat(verifier.verify(service)).isSameAs(verifier.verify(service));
        // A tampered copy is another string: verified afresh, and refused.
        String tampered = service.substring(0, service.length() - 2) + (service.endsWith("A") ? "BB" : "AA");
        assertThatThrownBy(() -> verifier.verify(tampered)).isInstanceOf(TokenException.class);
        // The cached credential still expires.
        now.set(now.get().plusSeconds(31));
        assertReason(() -> verifier.verify(service), TokenException.Reason.EXPIRED);
        // Many distinct valid credentials: the cache never holds more than its bound.
        for (int i = 0; i < TokenVerifier.MAX_CACHED_SERVICE_TOKENS * 3; i++) {
            String t = TokenIssuer.services(SERVICE).service("svc-" + i, Duration.ofMinutes(5), Scopes.ROOM_SERVICE);
            assertThat(verifier.verify(t).userId()).isEqualTo("svc-" + i);
        }
        assertThat(verifier.cachedServiceTokens()).isLessThanOrEqualTo(TokenVerifier.MAX_CACHED_SERVICE_TOKENS);
    }

}
