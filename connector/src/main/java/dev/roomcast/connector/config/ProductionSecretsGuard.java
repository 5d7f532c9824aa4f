package dev.roomcast.connector.config;

import dev.roomcast.common.auth.SecretPolicy;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;

/**
 * Fails the start of a {@code prod} instance whose token secrets are the development default or too
 * short (see {@link SecretPolicy}); runs before any listener opens. Dev and test profiles keep the default.
 */
@Singleton
public class ProductionSecretsGuard {

    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event, ConnectorConfig config) {
        check(config);
    }

    /** Also called where the secrets are first used: the gRPC server builds its interceptor before StartupEvent. */
    public static void check(ConnectorConfig config) {
        if (ConfigUtils.isProfileActive("prod")) {
            SecretPolicy.requireProductionKeys("roomcast.connector", config.tokenSecrets(), config.serviceTokenSecrets());
        }
    }
}
