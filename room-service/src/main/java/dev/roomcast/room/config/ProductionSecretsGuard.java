package dev.roomcast.room.config;

import dev.roomcast.common.auth.SecretPolicy;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;

/**
 * Fails the start of a {@code prod} instance whose user or service token secrets are a development default,
 * too short or shared between the two (see {@link SecretPolicy}); runs before any listener opens. Dev and test profiles keep the default.
 */
@Singleton
public class ProductionSecretsGuard {

    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event, RoomConfig config) {
        if (ConfigUtils.isProfileActive("prod")) {
            SecretPolicy.requireProductionKeys("roomcast.room", config.tokenSecrets(), config.serviceTokenSecrets());
        }
    }
}
