package dev.roomcast.gift.auth;

import dev.roomcast.common.auth.Principal;
import dev.roomcast.common.auth.Scopes;
import dev.roomcast.common.auth.TokenException;
import dev.roomcast.common.auth.TokenVerifier;
import dev.roomcast.gift.api.GiftError;
import dev.roomcast.gift.api.GiftException;
import dev.roomcast.gift.config.GiftConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * Turns an {@code authorization: Bearer <jwt>} value into a principal and applies the gift rules: anchors'
 * tokens verify with the user keys, service credentials with the service keys and carry the scope of what
 * they call ({@link Scopes}).
 */
@ApplicationScoped
public class Callers {

    private static final String BEARER = "Bearer ";

    private final TokenVerifier verifier;

    Callers(GiftConfig config) {
        this.verifier = new TokenVerifier(config.tokenSecrets(), config.serviceTokenSecrets());
    }

    public Principal authenticate(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw new GiftException(GiftError.UNAUTHORIZED, "missing Bearer token");
        }
        try {
            return verifier.verify(authorization.substring(BEARER.length()).trim());
        } catch (TokenException e) {
            throw new GiftException(GiftError.UNAUTHORIZED, "token rejected: " + e.describe());
        }
    }

    /** A service credential carrying the scope, if the operation has one. Connectors' credentials cannot send gifts. */
    public Principal requireService(String authorization, Optional<String> scope) {
        Principal p = authenticate(authorization);
        Optional<String> refusal = Scopes.refusal(p, scope);
        if (refusal.isPresent()) {
            throw new GiftException(GiftError.FORBIDDEN, refusal.get());
        }
        return p;
    }

    public Principal requireScope(String authorization, String scope) {
        return requireService(authorization, Optional.of(scope));
    }

    /** A room's gift ledger: its anchor, or a service. Viewers and other rooms' anchors are refused. */
    public Principal requireAnchorOrService(String authorization, String roomId) {
        Principal p = authenticate(authorization);
        if (!p.isService() && !p.isAnchorOf(roomId)) {
            throw new GiftException(GiftError.FORBIDDEN, "only the anchor of room " + roomId + " may do this");
        }
        return p;
    }
}
