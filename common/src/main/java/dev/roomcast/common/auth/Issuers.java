package dev.roomcast.common.auth;

/**
 * Who signs which tokens, and for whom. Two issuers with separate keys: a user token (viewer, anchor)
 * can never pass for a service credential, and a leaked service key cannot mint user tokens, because
 * each issuer's tokens are verified only with that issuer's keys.
 */
public final class Issuers {

    /** {@code iss} of viewer and anchor tokens (the platform's login service), signed with {@code token-secrets}. */
    public static final String USERS = "roomcast-users";
    /** {@code iss} of service credentials, signed with {@code service-token-secrets}. */
    public static final String SERVICES = "roomcast-services";
    /** {@code aud} every Roomcast token carries: a token minted for another system is refused. */
    public static final String AUDIENCE = "roomcast";

    private Issuers() {
    }
}
