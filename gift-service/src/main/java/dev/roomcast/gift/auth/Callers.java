package dev.roomcast.gift.auth;

import dev.roomcast.common.auth.Principal;
import dev.roomcast.common.auth.TokenException;
import dev.roomcast.common.auth.TokenVerifier;
import dev.roomcast.gift.api.GiftError;
import dev.roomcast.gift.api.GiftException;
import dev.roomcast.gift.config.GiftConfig;
import jakarta.enterprise.context.ApplicationScoped;

/** Turns an {@code authorization: Bearer <jwt>} value into a principal and applies the gift rules. */
@ApplicationScoped
public class Callers {

    private static final String BEARER = "Bearer ";

    private final TokenVerifier verifier;

    Callers(GiftConfig config) {
        this.verifier = new TokenVerifier(config.tokenSecrets());
    }

    public Principal authenticate(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw new GiftException(GiftError.UNAUTHORIZED, "missing Bearer token");
        }
        try {
            return verifier.verify(authorization.substring(BEARER.length()).trim());
        } catch (TokenException e) {
            throw new GiftException(GiftError.UNAUTHORIZED, "token rejected: " + e.reason());
        }
    }

    /** The payment backend and relaying connectors: service credentials only. */
    public Principal requireService(String authorization) {
        Principal p = authenticate(authorization);
        if (!p.isService()) {
            throw new GiftException(GiftError.FORBIDDEN, "a service credential is required");
        }
        return p;
    }

    /** A service credential that carries the scope (or none: unscoped). Connectors' credentials cannot send gifts. */
    public Principal requireScope(String authorization, String scope) {
        Principal p = requireService(authorization);
        if (!p.allows(scope)) {
            throw new GiftException(GiftError.FORBIDDEN, "this service credential (" + p.userId() + ") lacks scope " + scope);
        }
        return p;
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
