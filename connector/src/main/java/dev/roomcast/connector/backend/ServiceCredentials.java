package dev.roomcast.connector.backend;

import dev.roomcast.common.auth.Principal;
import dev.roomcast.common.auth.TokenException;
import dev.roomcast.common.auth.TokenIssuer;
import dev.roomcast.common.auth.TokenVerifier;
import dev.roomcast.connector.config.ConnectorConfig;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;

/**
 * This connector's identity: its instance id, the service token it sends on every internal call
 * (minted with the first secret, renewed well before expiry) and the verifier for tokens it receives.
 */
@Singleton
public class ServiceCredentials {

    private static final Duration TTL = Duration.ofHours(1);

    private final TokenIssuer issuer;
    private final TokenVerifier verifier;
    private final String connectorId;
    private volatile String token;
    private volatile Instant renewAt = Instant.MIN;

    public ServiceCredentials(ConnectorConfig config) {
        dev.roomcast.connector.config.ProductionSecretsGuard.check(config);
        this.issuer = new TokenIssuer(config.tokenSecrets().get(0));
        this.verifier = new TokenVerifier(config.tokenSecrets());
        this.connectorId = config.instanceId().orElseGet(ServiceCredentials::hostName);
    }

    public String connectorId() {
        return connectorId;
    }

    public TokenVerifier verifier() {
        return verifier;
    }

    /** "Bearer <service JWT>" for outbound calls. */
    public String bearer() {
        if (Instant.now().isAfter(renewAt)) {
            // Scoped: what a connector calls (membership, gift relay), never gift.send.
            token = issuer.service("connector:" + connectorId, TTL, dev.roomcast.common.auth.Scopes.CONNECTOR);
            renewAt = Instant.now().plus(TTL.dividedBy(2));
        }
        return "Bearer " + token;
    }

    /** @return true when the header carries a valid service token */
    public boolean isServiceCall(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return false;
        }
        try {
            Principal principal = verifier.verify(authorization.substring(7).trim());
            return principal.isService();
        } catch (TokenException e) {
            return false;
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "connector";
        }
    }
}
