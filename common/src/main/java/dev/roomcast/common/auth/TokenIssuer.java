package dev.roomcast.common.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.List;

/**
 * Signs tokens the way the platform's login service would. Roomcast services only verify; this class
 * serves tests, the load generator, the demo and service-to-service credentials.
 */
public final class TokenIssuer {

    static final String ROLE_CLAIM = "role";
    static final String ROOMS_CLAIM = "rooms";
    static final String SCOPES_CLAIM = "scopes";

    private final MACSigner signer;

    public TokenIssuer(String secret) {
        try {
            this.signer = new MACSigner(keyBytes(secret));
        } catch (JOSEException e) {
            throw new IllegalArgumentException("token secret must be at least 32 bytes", e);
        }
    }

    public String viewer(String userId, Duration ttl) {
        return sign(userId, Role.VIEWER, List.of(), Instant.now().plus(ttl));
    }

    public String anchor(String userId, Collection<String> rooms, Duration ttl) {
        return sign(userId, Role.ANCHOR, rooms, Instant.now().plus(ttl));
    }

    public String service(String serviceName, Duration ttl) {
        return sign(serviceName, Role.SERVICE, List.of(), Instant.now().plus(ttl));
    }

    /** A service credential limited to these scopes ({@link Scopes}). */
    public String service(String serviceName, Duration ttl, Collection<String> scopes) {
        return sign(serviceName, Role.SERVICE, List.of(), Instant.now().plus(ttl), scopes);
    }

    public String sign(String userId, Role role, Collection<String> rooms, Instant expiresAt) {
        return sign(userId, role, rooms, expiresAt, List.of());
    }

    private String sign(String userId, Role role, Collection<String> rooms, Instant expiresAt, Collection<String> scopes) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .subject(userId)
                .claim(ROLE_CLAIM, role.claim())
                .issueTime(new Date())
                .expirationTime(Date.from(expiresAt));
        if (!rooms.isEmpty()) {
            claims.claim(ROOMS_CLAIM, List.copyOf(rooms));
        }
        if (!scopes.isEmpty()) {
            claims.claim(SCOPES_CLAIM, List.copyOf(scopes));
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign token", e);
        }
        return jwt.serialize();
    }

    static byte[] keyBytes(String secret) {
        return secret.getBytes(StandardCharsets.UTF_8);
    }
}
