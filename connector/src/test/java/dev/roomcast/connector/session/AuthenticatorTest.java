package dev.roomcast.connector.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roomcast.connector.backend.ServiceCredentials;
import dev.roomcast.connector.config.ConnectorConfig;
import dev.roomcast.connector.metrics.ConnectorMetrics;
import dev.roomcast.connector.support.RecordingTransport;
import dev.roomcast.connector.support.Tokens;
import dev.roomcast.proto.v1.Auth;
import dev.roomcast.proto.v1.ErrorCode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Authentication rules on a recording transport, with configurations the test application does not run. */
class AuthenticatorTest {

    private static ConnectorConfig config(Map<String, String> overrides) {
        SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(ConnectorConfig.class)
                .withDefaultValues(Map.of("roomcast.connector.token-secrets", "roomcast-test-secret-new-0123456789abcdef"))
                .withDefaultValues(overrides).build();
        return config.getConfigMapping(ConnectorConfig.class);
    }

    private static Session session(RecordingTransport transport, ConnectorMetrics metrics) {
        SessionHandler handler = new SessionHandler(null, null, null, null, null, null, metrics, null, null);
        return new Session(transport, handler, java.util.UUID.randomUUID(), 0, 10);
    }

    @Test
    void refusesAnonymousViewerWhenAnonymousIsNotAllowed() {
        ConnectorConfig config = config(Map.of("roomcast.connector.allow-anonymous", "false"));
        ConnectorMetrics metrics = new ConnectorMetrics(new SimpleMeterRegistry());
        Authenticator authenticator = new Authenticator(config, new ServiceCredentials(config), null, metrics);
        RecordingTransport transport = new RecordingTransport();
        Session session = session(transport, metrics);

        authenticator.authenticate(session, 1, Auth.newBuilder().setDeviceId("device-1").build());

        assertThat(transport.written).hasSize(1);
        assertThat(transport.written.get(0).getError().getCode()).isEqualTo(ErrorCode.ANONYMOUS_NOT_ALLOWED);
        assertThat(transport.closedWith).isEqualTo(ErrorCode.ANONYMOUS_NOT_ALLOWED);
        assertThat(session.authenticated()).isFalse();
    }

    @Test
    void refusesAuthWithNeitherTokenNorDeviceId() {
        ConnectorConfig config = config(Map.of());
        ConnectorMetrics metrics = new ConnectorMetrics(new SimpleMeterRegistry());
        Authenticator authenticator = new Authenticator(config, new ServiceCredentials(config), null, metrics);
        RecordingTransport transport = new RecordingTransport();

        authenticator.authenticate(session(transport, metrics), 1, Auth.getDefaultInstance());

        assertThat(transport.closedWith).isEqualTo(ErrorCode.UNAUTHORIZED);
    }

    @Test
    void rejectsTokenOnceItsSecretIsRotatedOut() {
        ConnectorConfig config = config(Map.of("roomcast.connector.token-secrets", "roomcast-test-secret-new-0123456789abcdef"));
        ConnectorMetrics metrics = new ConnectorMetrics(new SimpleMeterRegistry());
        Authenticator authenticator = new Authenticator(config, new ServiceCredentials(config), null, metrics);
        RecordingTransport transport = new RecordingTransport();

        authenticator.authenticate(session(transport, metrics), 1,
                Auth.newBuilder().setToken(Tokens.PREVIOUS.viewer("old", java.time.Duration.ofMinutes(1))).build());

        assertThat(transport.closedWith).isEqualTo(ErrorCode.UNAUTHORIZED);
    }
}
