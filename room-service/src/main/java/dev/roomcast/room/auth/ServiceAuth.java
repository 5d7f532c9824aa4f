package dev.roomcast.room.auth;

import dev.roomcast.common.auth.Principal;
import dev.roomcast.common.auth.Scopes;
import dev.roomcast.common.auth.TokenException;
import dev.roomcast.common.auth.TokenIssuer;
import dev.roomcast.common.auth.TokenVerifier;
import dev.roomcast.room.api.ApiError;
import dev.roomcast.room.config.InstanceIdentity;
import dev.roomcast.room.config.RoomConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The service credential: verifies the {@code Bearer} JWT on inbound calls (a service credential carrying
 * the operation's scope, see {@link Scopes}) and mints this instance's own for outbound ones with the
 * service key and {@link Scopes#ROOM_SERVICE} (re-minted well before it expires). User tokens verify too,
 * so that one used here is refused as FORBIDDEN rather than as a bad signature.
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
        this.verifier = new TokenVerifier(config.tokenSecrets(), config.serviceTokenSecrets());
        this.issuer = TokenIssuer.services(config.serviceTokenSecrets().get(0));
        this.subject = "room-service/" + identity.id();
    }

    /** Checks an {@code authorization} header or metadata value: a service credential with the scope, if any. */
    public Principal requireService(String authorization, Optional<String> scope) {
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
                throw ApiError.UNAUTHORIZED.exception(e.describe());
            }
            if (verified.size() >= MAX_CACHED) {
                verified.clear();
            }
            verified.put(raw, principal);
        }
        Optional<String> refusal = Scopes.refusal(principal, scope);
        if (refusal.isPresent()) {
            throw ApiError.FORBIDDEN.exception(refusal.get());
        }
        return principal;
    }

    /** {@code Bearer <token>} for outbound calls. */
    public String outboundHeader() {
        long now = System.currentTimeMillis();
        if (token == null || now - mintedAtMs > REMINT_AFTER_MS) {
            token = issuer.service(subject, TOKEN_TTL, Scopes.ROOM_SERVICE);
            mintedAtMs = now;
        }
        return "Bearer " + token;
    }
}
