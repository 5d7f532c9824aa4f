package dev.roomcast.common.auth;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What a production deployment may sign and verify with. The development secret is printed in the
 * README and compiled into every service as a default: a production instance that still uses it (or a
 * secret too short for HS256) accepts tokens anyone can mint, so it must refuse to start instead.
 */
public final class SecretPolicy {

    /** The default of every {@code roomcast.<service>.token-secrets}: for the dev and test profiles only. */
    public static final String DEVELOPMENT_SECRET = "roomcast-dev-secret-change-me-0123456789abcdef";

    /**
     * The default of every {@code roomcast.<service>.service-token-secrets}: for the dev and test profiles
     * only, and distinct from {@link #DEVELOPMENT_SECRET} so that even in development a user key cannot sign
     * a service credential.
     */
    public static final String DEVELOPMENT_SERVICE_SECRET = "roomcast-dev-service-secret-change-me-0123456789";

    /** HS256 needs a key at least as long as its output (RFC 7518 §3.2). */
    public static final int MIN_SECRET_BYTES = 32;

    private SecretPolicy() {
    }

    /**
     * Both key sets of a service ({@code <prefix>.token-secrets} for user tokens,
     * {@code <prefix>.service-token-secrets} for service credentials): each must pass
     * {@link #requireProductionSecrets}, and no secret may be in both, or a holder of the user key could
     * mint service credentials.
     */
    public static void requireProductionKeys(String prefix, List<String> userSecrets, List<String> serviceSecrets) {
        String userProperty = prefix + ".token-secrets";
        String serviceProperty = prefix + ".service-token-secrets";
        requireProductionSecrets(userProperty, userSecrets);
        requireProductionSecrets(serviceProperty, serviceSecrets);
        for (String secret : serviceSecrets) {
            if (secret != null && !secret.isBlank() && userSecrets.stream().anyMatch(u -> u != null && u.trim().equals(secret.trim()))) {
                throw new IllegalStateException(serviceProperty + " shares a secret with " + userProperty
                        + ": service credentials need their own keys (environment variable " + envName(serviceProperty) + ")");
            }
        }
    }

    /**
     * @param property the configuration property the secrets came from, named in the message
     * @throws IllegalStateException when a secret is missing, the development default or shorter than 32 bytes
     */
    public static void requireProductionSecrets(String property, List<String> secrets) {
        if (secrets == null || secrets.stream().allMatch(s -> s == null || s.isBlank())) {
            throw new IllegalStateException(property + " is empty: set at least one secret of "
                    + MIN_SECRET_BYTES + " bytes or more");
        }
        for (int i = 0; i < secrets.size(); i++) {
            String secret = secrets.get(i);
            if (secret == null || secret.isBlank()) {
                continue;
            }
            if (DEVELOPMENT_SECRET.equals(secret.trim()) || DEVELOPMENT_SERVICE_SECRET.equals(secret.trim())) {
                throw new IllegalStateException(property + " holds the development secret (entry " + (i + 1)
                        + "): the prod profile refuses it; set a random secret of at least "
                        + MIN_SECRET_BYTES + " bytes (environment variable " + envName(property) + ")");
            }
            int bytes = secret.getBytes(StandardCharsets.UTF_8).length;
            if (bytes < MIN_SECRET_BYTES) {
                throw new IllegalStateException(property + " entry " + (i + 1) + " is " + bytes
                        + " bytes: the prod profile needs at least " + MIN_SECRET_BYTES + " bytes per secret");
            }
        }
    }

    /** The environment override of a property, the way SmallRye Config maps it. */
    static String envName(String property) {
        return property.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
