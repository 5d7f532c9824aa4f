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
 * Signs tokens the way the platform's login service (users) or a service (its own credential) would.
 * One instance signs for one issuer with that issuer's key: {@link #users} mints viewer and anchor
 * tokens, {@link #services} mints scoped service credentials. Roomcast services verify users' tokens;
 * this class serves their own credentials, tests, the load generator and the demo.
 */
public final class TokenIssuer {

    static final String ROLE_CLAIM = "role";
    static final String ROOMS_CLAIM = "rooms";
    static final String SCOPES_CLAIM = "scopes";

    private final MACSigner signer;
    private final String issuer;

    private TokenIssuer(String secret, String issuer) {
        try {
            this.signer = new MACSigner(keyBytes(secret));
        } catch (JOSEException e) {
            throw new IllegalArgumentException("token secret must be at least 32 bytes", e);
        }
        this.issuer = issuer;
    }

    /** Viewer and anchor tokens ({@link Issuers#USERS}), signed with a user-token secret. */
    public static TokenIssuer users(String userSecret) {
        return new TokenIssuer(userSecret, Issuers.USERS);
    }

    /** Service credentials ({@link Issuers#SERVICES}), signed with a service-token secret. */
    public static TokenIssuer services(String serviceSecret) {
        return new TokenIssuer(serviceSecret, Issuers.SERVICES);
    }

    public String viewer(String userId, Duration ttl) {
        return sign(userId, Role.VIEWER, List.of(), Instant.now().plus(ttl));
    }

    public String anchor(String userId, Collection<String> rooms, Duration ttl) {
        return sign(userId, Role.ANCHOR, rooms, Instant.now().plus(ttl));
    }

    /** A service credential limited to these scopes ({@link Scopes}); with none it may only read. */
    public String service(String serviceName, Duration ttl, Collection<String> scopes) {
        requireIssuer(Issuers.SERVICES, "service credentials");
        return signClaims(serviceName, Role.SERVICE, List.of(), scopes, Instant.now().plus(ttl), issuer, Issuers.AUDIENCE);
    }

    public String sign(String userId, Role role, Collection<String> rooms, Instant expiresAt) {
        requireIssuer(role == Role.SERVICE ? Issuers.SERVICES : Issuers.USERS, role.claim() + " tokens");
        return signClaims(userId, role, rooms, List.of(), expiresAt, issuer, Issuers.AUDIENCE);
    }

    /**
     * Any claims, signed with this issuer's key: for tests that need a token the platform never mints
     * (another issuer or audience, a role its issuer may not grant). {@code iss}/{@code aud} null = absent.
     */
    public String signClaims(String subject, Role role, Collection<String> rooms, Collection<String> scopes,
                             Instant expiresAt, String iss, String aud) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .subject(subject)
                .claim(ROLE_CLAIM, role.claim())
                .issueTime(new Date())
                .expirationTime(Date.from(expiresAt));
        if (iss != null) {
            claims.issuer(iss);
        }
        if (aud != null) {
            claims.audience(aud);
        }
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

    // A user key minting a service credential (or the reverse) is a wiring mistake, caught where it is made.
    private void requireIssuer(String wanted, String what) {
        if (!issuer.equals(wanted)) {
            throw new IllegalStateException(what + " are signed by " + wanted + ", this issuer is " + issuer);
        }
    }

    static byte[] keyBytes(String secret) {
        return secret.getBytes(StandardCharsets.UTF_8);
    }
}
