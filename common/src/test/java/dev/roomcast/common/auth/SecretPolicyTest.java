package dev.roomcast.common.auth;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SecretPolicyTest {

    private static final String PROPERTY = "roomcast.gift.token-secrets";

    @Test
    void refusesTheDevelopmentSecretNamingTheProperty() {
        assertThatThrownBy(() -> SecretPolicy.requireProductionSecrets(PROPERTY, List.of(SecretPolicy.DEVELOPMENT_SECRET)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(PROPERTY)
                .hasMessageContaining("development secret")
                .hasMessageContaining("ROOMCAST_GIFT_TOKEN_SECRETS");
    }

    @Test
    void refusesTheDevelopmentSecretKeptForRotation() {
        assertThatThrownBy(() -> SecretPolicy.requireProductionSecrets(PROPERTY,
                List.of("a-real-production-secret-0123456789abcdef", SecretPolicy.DEVELOPMENT_SECRET)))
                .hasMessageContaining("entry 2");
    }

    @Test
    void refusesShortSecrets() {
        assertThatThrownBy(() -> SecretPolicy.requireProductionSecrets(PROPERTY, List.of("short-secret")))
                .hasMessageContaining(PROPERTY).hasMessageContaining("12 bytes");
    }

    @Test
    void refusesNoSecretAtAll() {
        assertThatThrownBy(() -> SecretPolicy.requireProductionSecrets(PROPERTY, List.of(" ")))
                .hasMessageContaining(PROPERTY).hasMessageContaining("empty");
    }

    @Test
    void acceptsLongRandomSecrets() {
        assertThatCode(() -> SecretPolicy.requireProductionSecrets(PROPERTY,
                List.of("q3Jx0Vd9R2m7pLw4sT8yB1nC6kH5fZaE", "another-rotation-secret-0123456789abc")))
                .doesNotThrowAnyException();
    }

    @Test
    void refusesTheDevelopmentServiceSecretNamingItsProperty() {
        assertThatThrownBy(() -> SecretPolicy.requireProductionKeys("roomcast.room",
                List.of("a-real-production-secret-0123456789abcdef"), List.of(SecretPolicy.DEVELOPMENT_SERVICE_SECRET)))
                .hasMessageContaining("roomcast.room.service-token-secrets")
                .hasMessageContaining("ROOMCAST_ROOM_SERVICE_TOKEN_SECRETS");
    }

    @Test
    void refusesAServiceSecretSharedWithUserTokens() {
        String shared = "a-real-production-secret-0123456789abcdef";
        assertThatThrownBy(() -> SecretPolicy.requireProductionKeys("roomcast.gift",
                List.of(shared), List.of("service-production-secret-0123456789abcdef", shared)))
                .hasMessageContaining("shares a secret");
    }

    @Test
    void acceptsSeparateLongKeySets() {
        assertThatCode(() -> SecretPolicy.requireProductionKeys("roomcast.gift",
                List.of("a-real-production-secret-0123456789abcdef"), List.of("service-production-secret-0123456789abcdef")))
                .doesNotThrowAnyException();
    }
}
