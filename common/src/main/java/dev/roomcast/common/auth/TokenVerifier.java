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
 * Verifies HS256 JWTs of the two issuers ({@link Issuers}): a token's {@code iss} picks the key set it
 * is verified with, so a user token verifies only with user keys and a service credential only with
 * service keys; the issuer also bounds the role (users: viewer, anchor; services: service) and every
 * token must name the {@link Issuers#AUDIENCE}. Several secrets per issuer allow rotation: tokens signed
 * with the current or the previous secret verify until the previous one is removed from config.
 * Thread-safe: one Nimbus verifier per secret, built once.
 */
public final class TokenVerifier {

    private static final int MAX_TOKEN_CHARS = 4096;
    /**
     * Verified service credentials kept for re-use: every call between services carries one, and the same
     * few tokens come back thousands of times a second (parsing and an HMAC per call cost the connector a
     * tenth of its CPU under load). Only tokens that verified go in, each until its own expiry; the map is
     * cleared when full, so it stays bounded however many tokens callers invent.
     */
    static final int MAX_CACHED_SERVICE_TOKENS = 256;

    private final java.util.concurrent.ConcurrentHashMap<String, Principal> verifiedServiceTokens =
            new java.util.concurrent.ConcurrentHashMap<>();

    private final List<MACVerifier> userKeys;
    private final List<MACVerifier> serviceKeys;
    private final Clock clock;

    /** Either list may be empty (that issuer's tokens are then refused), not both. */
    public TokenVerifier(List<String> userSecrets, List<String> serviceSecrets, Clock clock) {
        this.clock = clock;
        this.userKeys = keys(userSecrets);
        this.serviceKeys = keys(serviceSecrets);
        if (userKeys.isEmpty() && serviceKeys.isEmpty()) {
            throw new IllegalArgumentException("at least one token secret is required");
        }
    }

    public TokenVerifier(List<String> userSecrets, List<String> serviceSecrets) {
        this(userSecrets, serviceSecrets, Clock.systemUTC());
    }

    /** Accepts viewer and anchor tokens only (a client's connection). */
    public static TokenVerifier forUsers(List<String> userSecrets) {
        return new TokenVerifier(userSecrets, List.of());
    }

    /** Accepts service credentials only. */
    public static TokenVerifier forServices(List<String> serviceSecrets) {
        return new TokenVerifier(List.of(), serviceSecrets);
    }

    /** @throws TokenException with the reason when the token is not acceptable */
    public Principal verify(String token) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_CHARS) {
            throw new TokenException(TokenException.Reason.MALFORMED, "token missing or too long");
        }
        Principal cached = verifiedServiceTokens.get(token);
        if (cached != null) {
            if (cached.expiresAt().isAfter(clock.instant())) {
                return cached;
            }
            verifiedServiceTokens.remove(token);
        }
        Principal principal = parseAndVerify(token);
        if (principal.role() == Role.SERVICE) {
            if (verifiedServiceTokens.size() >= MAX_CACHED_SERVICE_TOKENS) {
                verifiedServiceTokens.clear();
            }
            verifiedServiceTokens.put(token, principal);
        }
        return principal;
    }

    int cachedServiceTokens() {
        return verifiedServiceTokens.size();
    }

    private Principal parseAndVerify(String token) {
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
        String issuer = claims.getIssuer();
        boolean serviceIssuer = Issuers.SERVICES.equals(issuer);
        if (!serviceIssuer && !Issuers.USERS.equals(issuer)) {
            throw new TokenException(TokenException.Reason.WRONG_ISSUER, "token issuer " + quoted(issuer)
                    + " is not " + Issuers.USERS + " or " + Issuers.SERVICES);
        }
        List<MACVerifier> keys = serviceIssuer ? serviceKeys : userKeys;
        if (keys.isEmpty()) {
            throw new TokenException(TokenException.Reason.WRONG_ISSUER, "tokens of " + issuer + " are not accepted here");
        }
        if (!signedByAny(jwt, keys)) {
            throw new TokenException(TokenException.Reason.BAD_SIGNATURE,
                    "token signature does not verify with the " + issuer + " keys");
        }
        if (claims.getAudience() == null || !claims.getAudience().contains(Issuers.AUDIENCE)) {
            throw new TokenException(TokenException.Reason.WRONG_AUDIENCE, "token audience "
                    + quoted(claims.getAudience() == null ? null : String.join(",", claims.getAudience()))
                    + " does not include " + Issuers.AUDIENCE);
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
            if ((role == Role.SERVICE) != serviceIssuer) {
                throw new TokenException(TokenException.Reason.WRONG_ISSUER,
                        issuer + " does not issue " + role.claim() + " tokens");
            }
            // Scopes only mean something on a service credential, anchored rooms only on a user token.
            Set<String> anchorOf = serviceIssuer ? Set.of() : stringSet(claims, TokenIssuer.ROOMS_CLAIM);
            Set<String> scopes = serviceIssuer ? stringSet(claims, TokenIssuer.SCOPES_CLAIM) : Set.of();
            return new Principal(claims.getSubject(), role, anchorOf, false, expiresAt, scopes);
        } catch (ParseException e) {
            throw new TokenException(TokenException.Reason.MALFORMED, "token claims malformed");
        }
    }

    private static Set<String> stringSet(JWTClaimsSet claims, String name) throws ParseException {
        List<String> values = claims.getStringListClaim(name);
        return values == null ? Set.of() : Set.copyOf(new HashSet<>(values));
    }

    private static String quoted(String value) {
        return value == null ? "(none)" : "'" + value + "'";
    }

    private static List<MACVerifier> keys(List<String> secrets) {
        List<MACVerifier> keys = new ArrayList<>();
        for (String secret : secrets == null ? List.<String>of() : secrets) {
            if (secret == null || secret.isBlank()) {
                continue;
            }
            try {
                keys.add(new MACVerifier(TokenIssuer.keyBytes(secret)));
            } catch (JOSEException e) {
                throw new IllegalArgumentException("token secret must be at least 32 bytes", e);
            }
        }
        return List.copyOf(keys);
    }

    private static boolean signedByAny(SignedJWT jwt, List<MACVerifier> keys) {
        for (MACVerifier verifier : keys) {
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
