package dev.roomcast.room.auth;

import dev.roomcast.common.auth.Principal;
import dev.roomcast.common.auth.TokenException;
import dev.roomcast.common.auth.TokenIssuer;
import dev.roomcast.common.auth.TokenVerifier;
import dev.roomcast.room.api.ApiError;
import dev.roomcast.room.config.InstanceIdentity;
import dev.roomcast.room.config.RoomConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The service credential: verifies the {@code Bearer} JWT (role=service) on inbound calls and mints
 * this instance's own for outbound ones (re-minted well before it expires).
 */
@ApplicationScoped
public class ServiceAuth {

    private static final Duration TOKEN_TTL = Duration.ofHours(1);
    private static final long REMINT_AFTER_MS = TOKEN_TTL.toMillis() / 2;

    private final TokenVerifier verifier;
    private final TokenIssuer issuer;
    private final String subject;
    /** Verified tokens: callers reuse one credential for thousands of calls; verifying each costs an HMAC and a JSON parse. */
    private final ConcurrentHashMap<String, Principal> verified = new ConcurrentHashMap<>();
    private static final int MAX_CACHED = 1024;
    private volatile String token;
    private volatile long mintedAtMs;

    public ServiceAuth(RoomConfig config, InstanceIdentity identity) {
        this.verifier = new TokenVerifier(config.tokenSecrets());
        this.issuer = new TokenIssuer(config.tokenSecrets().get(0));
        this.subject = "room-service/" + identity.id();
    }

    /** Checks an {@code authorization} header or metadata value. */
    public Principal requireService(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw ApiError.UNAUTHORIZED.exception("missing Bearer service credential");
        }
        String raw = authorization.substring(7).trim();
        Principal principal = verified.get(raw);
        if (principal == null || !principal.expiresAt().isAfter(Instant.now())) {
            try {
                principal = verifier.verify(raw);
            } catch (TokenException e) {
                verified.remove(raw);
                throw ApiError.UNAUTHORIZED.exception(e.getMessage());
            }
            if (verified.size() >= MAX_CACHED) {
                verified.clear();
            }
            verified.put(raw, principal);
        }
        if (!principal.isService()) {
            throw ApiError.FORBIDDEN.exception("a service credential is required, got role " + principal.role().claim());
        }
        return principal;
    }

    /** {@code Bearer <token>} for outbound calls. */
    public String outboundHeader() {
        long now = System.currentTimeMillis();
        if (token == null || now - mintedAtMs > REMINT_AFTER_MS) {
            token = issuer.service(subject, TOKEN_TTL);
            mintedAtMs = now;
        }
        return "Bearer " + token;
    }
}
