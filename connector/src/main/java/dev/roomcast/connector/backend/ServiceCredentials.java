package dev.roomcast.connector.backend;

import dev.roomcast.common.auth.Principal;
import dev.roomcast.common.auth.Scopes;
import dev.roomcast.common.auth.TokenException;
import dev.roomcast.common.auth.TokenIssuer;
import dev.roomcast.common.auth.TokenVerifier;
import dev.roomcast.connector.config.ConnectorConfig;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * This connector's identity: its instance id, the service credential it sends on every internal call
 * (signed with the first service secret, scoped to {@link Scopes#CONNECTOR}, renewed well before expiry),
 * the verifier of clients' tokens (user keys only: a service credential never opens a client connection)
 * and the check of inbound service calls (pushes need {@code delivery}, drains {@code admin}).
 */
@Singleton
public class ServiceCredentials {

    private static final Duration TTL = Duration.ofHours(1);

    /** Why an inbound service call is refused: {@code unauthenticated} = no acceptable token, else a forbidden caller. */
    public record Refusal(boolean unauthenticated, String message) {
    }

    private final TokenIssuer issuer;
    private final TokenVerifier clients;
    private final TokenVerifier callers;
    private final String connectorId;
    private volatile String token;
    private volatile Instant renewAt = Instant.MIN;

    public ServiceCredentials(ConnectorConfig config) {
        dev.roomcast.connector.config.ProductionSecretsGuard.check(config);
        this.issuer = TokenIssuer.services(config.serviceTokenSecrets().get(0));
        this.clients = TokenVerifier.forUsers(config.tokenSecrets());
        // User tokens verify here too, so that one sent to an internal API is refused as forbidden, not as a bad key.
        this.callers = new TokenVerifier(config.tokenSecrets(), config.serviceTokenSecrets());
        this.connectorId = config.instanceId().orElseGet(ServiceCredentials::hostName);
    }

    public String connectorId() {
        return connectorId;
    }

    /** Verifies clients' tokens (viewers, anchors). */
    public TokenVerifier verifier() {
        return clients;
    }

    /** "Bearer <service JWT>" for outbound calls. */
    public String bearer() {
        if (Instant.now().isAfter(renewAt)) {
            // Scoped: what a connector calls (membership, gift relay), never gift.send nor publish.
            token = issuer.service("connector:" + connectorId, TTL, Scopes.CONNECTOR);
            renewAt = Instant.now().plus(TTL.dividedBy(2));
        }
        return "Bearer " + token;
    }

    /** @return why an inbound call with this {@code authorization} may not do an operation needing {@code scope}; empty = allowed */
    public Optional<Refusal> refusal(String authorization, Optional<String> scope) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return Optional.of(new Refusal(true, "service token required"));
        }
        Principal principal;
        try {
            principal = callers.verify(authorization.substring(7).trim());
        } catch (TokenException e) {
            return Optional.of(new Refusal(true, e.describe()));
        }
        return Scopes.refusal(principal, scope).map(message -> new Refusal(false, message));
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "connector";
        }
    }
}
