package dev.roomcast.common.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Verifies HS256 JWTs. Several secrets are accepted so that a secret can be rotated: tokens signed
 * with the current or the previous secret verify until the previous one is removed from config.
 * Thread-safe and allocation-light: one verifier per secret, built once.
 */
public final class TokenVerifier {

    private static final int MAX_TOKEN_CHARS = 4096;

    private final List<MACVerifier> verifiers = new ArrayList<>();
    private final Clock clock;

    public TokenVerifier(List<String> secrets, Clock clock) {
        this.clock = clock;
        for (String secret : secrets) {
            if (secret == null || secret.isBlank()) {
                continue;
            }
            try {
                verifiers.add(new MACVerifier(TokenIssuer.keyBytes(secret)));
            } catch (JOSEException e) {
                throw new IllegalArgumentException("token secret must be at least 32 bytes", e);
            }
        }
        if (verifiers.isEmpty()) {
            throw new IllegalArgumentException("at least one token secret is required");
        }
    }

    public TokenVerifier(List<String> secrets) {
        this(secrets, Clock.systemUTC());
    }

    /** @throws TokenException with the reason when the token is not acceptable */
    public Principal verify(String token) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_CHARS) {
            throw new TokenException(TokenException.Reason.MALFORMED, "token missing or too long");
        }
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(token);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new TokenException(TokenException.Reason.MALFORMED, "token is not a JWT");
        }
        if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm())) {
            throw new TokenException(TokenException.Reason.MALFORMED, "token algorithm must be HS256");
        }
        if (!signedByAny(jwt)) {
            throw new TokenException(TokenException.Reason.BAD_SIGNATURE, "token signature does not verify");
        }
        if (claims.getSubject() == null || claims.getSubject().isBlank()) {
            throw new TokenException(TokenException.Reason.MALFORMED, "token has no subject");
        }
        if (claims.getExpirationTime() == null) {
            throw new TokenException(TokenException.Reason.MALFORMED, "token has no expiry");
        }
        Instant expiresAt = claims.getExpirationTime().toInstant();
        if (!expiresAt.isAfter(clock.instant())) {
            throw new TokenException(TokenException.Reason.EXPIRED, "token expired");
        }
        try {
            Role role = Role.fromClaim(claims.getStringClaim(TokenIssuer.ROLE_CLAIM));
            List<String> rooms = claims.getStringListClaim(TokenIssuer.ROOMS_CLAIM);
            Set<String> anchorOf = rooms == null ? Set.of() : Set.copyOf(new HashSet<>(rooms));
            List<String> scopeList = claims.getStringListClaim(TokenIssuer.SCOPES_CLAIM);
            Set<String> scopes = scopeList == null ? Set.of() : Set.copyOf(new HashSet<>(scopeList));
            return new Principal(claims.getSubject(), role, anchorOf, false, expiresAt, scopes);
        } catch (ParseException e) {
            throw new TokenException(TokenException.Reason.MALFORMED, "token claims malformed");
        }
    }

    private boolean signedByAny(SignedJWT jwt) {
        for (MACVerifier verifier : verifiers) {
            try {
                if (jwt.verify(verifier)) {
                    return true;
                }
            } catch (JOSEException e) {
                return false;
            }
        }
        return false;
    }
}
