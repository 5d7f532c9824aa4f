package dev.roomcast.gift.auth;

import dev.roomcast.common.auth.Scopes;
import dev.roomcast.common.auth.TokenIssuer;
import dev.roomcast.gift.config.GiftConfig;
import io.grpc.Metadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * This instance's own service credential for outbound gRPC calls (publishing gift messages at room-service,
 * pushing gifts to connectors: {@link Scopes#GIFT_SERVICE}), signed with the service key and re-minted at
 * half its lifetime.
 */
@ApplicationScoped
public class ServiceCredential {

    public static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final TokenIssuer issuer;
    private final Duration ttl;
    private volatile Metadata current;
    private volatile long renewAtMs;

    ServiceCredential(GiftConfig config) {
        this.issuer = TokenIssuer.services(config.serviceTokenSecrets().get(0));
        this.ttl = Duration.ofMinutes(config.serviceTokenTtlMinutes());
    }

    public Metadata metadata() {
        long now = System.currentTimeMillis();
        Metadata m = current;
        if (m == null || now >= renewAtMs) {
            m = new Metadata();
            m.put(AUTHORIZATION, "Bearer " + issuer.service("gift-service", ttl, Scopes.GIFT_SERVICE));
            current = m;
            renewAtMs = now + ttl.toMillis() / 2;
        }
        return m;
    }
}
