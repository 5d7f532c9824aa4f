package dev.roomcast.common.auth;

import java.util.Locale;

/** Who a token speaks for. Anonymous viewers have no token and are always {@link #VIEWER}. */
public enum Role {
    VIEWER,
    ANCHOR,
    SERVICE;

    public String claim() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Role fromClaim(String value) {
        if (value == null) {
            throw new TokenException(TokenException.Reason.MALFORMED, "token has no role");
        }
        try {
            return Role.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new TokenException(TokenException.Reason.MALFORMED, "unknown role: " + value);
        }
    }
}
