package dev.roomcast.connector.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roomcast.connector.support.Tokens;
import dev.roomcast.connector.support.WireClient;
import dev.roomcast.proto.v1.Auth;
import dev.roomcast.proto.v1.ErrorCode;
import dev.roomcast.proto.v1.Frame;
import dev.roomcast.proto.v1.Heartbeat;
import dev.roomcast.proto.v1.Role;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AuthenticationTest {

    @Inject
    Vertx vertx;

    @Test
    void acceptsSignedViewerTokenOverWebSocket() {
        try (WireClient client = WireClient.ws(vertx)) {
            Frame reply = client.authenticate(Tokens.viewer("alice"));
            assertThat(reply.getReqId()).isEqualTo(1);
            assertThat(reply.getAuthOk().getUserId()).isEqualTo("alice");
            assertThat(reply.getAuthOk().getRole()).isEqualTo(Role.VIEWER);
            assertThat(reply.getAuthOk().getHeartbeatIntervalMs()).isEqualTo(30_000);
            assertThat(reply.getAuthOk().getIdleTimeoutMs()).isEqualTo(6000);
            assertThat(reply.getAuthOk().getConnectorId()).isEqualTo("connector-test");
            assertThat(reply.getAuthOk().getConnectionId()).isNotBlank();
        }
    }

    @Test
    void acceptsAnchorTokenOverTcp() {
        try (WireClient client = WireClient.tcp(vertx)) {
            Frame reply = client.authenticate(Tokens.anchor("anna", "r1"));
            assertThat(reply.getAuthOk().getRole()).isEqualTo(Role.ANCHOR);
        }
    }

    @Test
    void acceptsTokenSignedWithThePreviousSecretDuringRotation() {
        try (WireClient client = WireClient.ws(vertx)) {
            Frame reply = client.authenticate(Tokens.PREVIOUS.viewer("bob", Duration.ofMinutes(5)));
            assertThat(reply.getAuthOk().getUserId()).isEqualTo("bob");
        }
    }

    @Test
    void rejectsForeignSignatureWithUnauthorizedAndCloses() {
        try (WireClient client = WireClient.ws(vertx)) {
            Frame reply = client.authenticate(Tokens.FOREIGN.viewer("mallory", Duration.ofMinutes(5)));
            assertThat(reply.getError().getCode()).isEqualTo(ErrorCode.UNAUTHORIZED);
            assertThat(client.awaitClosed(Duration.ofSeconds(5))).isEqualTo(ErrorCode.UNAUTHORIZED_VALUE);
        }
    }

    @Test
    void rejectsGarbageTokenOverTcpWithErrorFrameThenClose() {
        try (WireClient client = WireClient.tcp(vertx)) {
            Frame reply = client.authenticate("not-a-jwt");
            assertThat(reply.getError().getCode()).isEqualTo(ErrorCode.UNAUTHORIZED);
            client.awaitClosed(Duration.ofSeconds(5));
        }
    }

    @Test
    void rejectsExpiredTokenWithTokenExpired() {
        try (WireClient client = WireClient.ws(vertx)) {
            Frame reply = client.authenticate(Tokens.expired("carol"));
            assertThat(reply.getError().getCode()).isEqualTo(ErrorCode.TOKEN_EXPIRED);
            assertThat(client.awaitClosed(Duration.ofSeconds(5))).isEqualTo(ErrorCode.TOKEN_EXPIRED_VALUE);
        }
    }

    @Test
    void acceptsAnonymousViewerByDeviceId() {
        try (WireClient client = WireClient.ws(vertx)) {
            client.send(Frame.newBuilder().setReqId(7).setAuth(Auth.newBuilder().setDeviceId("dev-123")).build());
            Frame reply = client.next();
            assertThat(reply.getAuthOk().getUserId()).isEqualTo("anon:dev-123");
            assertThat(reply.getAuthOk().getRole()).isEqualTo(Role.VIEWER);
        }
    }

    @Test
    void closesWithAuthTimeoutWhenNoAuthArrives() {
        try (WireClient client = WireClient.ws(vertx)) {
            Frame error = client.next();
            assertThat(error.getError().getCode()).isEqualTo(ErrorCode.AUTH_TIMEOUT);
            assertThat(client.awaitClosed(Duration.ofSeconds(5))).isEqualTo(ErrorCode.AUTH_TIMEOUT_VALUE);
        }
    }

    @Test
    void answersNotAuthenticatedToFramesBeforeAuth() {
        try (WireClient client = WireClient.tcp(vertx)) {
            client.send(Frame.newBuilder().setReqId(3).setHeartbeat(Heartbeat.newBuilder()).build());
            Frame error = client.next();
            assertThat(error.getReqId()).isEqualTo(3);
            assertThat(error.getError().getCode()).isEqualTo(ErrorCode.NOT_AUTHENTICATED);
        }
    }

    @Test
    void answersAlreadyAuthenticatedToSecondAuth() {
        try (WireClient client = WireClient.ws(vertx)) {
            client.authenticate(Tokens.viewer("dave"));
            Frame error = client.authenticate(Tokens.viewer("dave"));
            assertThat(error.getError().getCode()).isEqualTo(ErrorCode.ALREADY_AUTHENTICATED);
        }
    }

    @Test
    void speaksJsonWhenChosenAtHandshake() {
        try (WireClient client = WireClient.ws(vertx, "?format=json", "127.0.0.1")) {
            client.sendText("{\"reqId\":\"5\",\"auth\":{\"deviceId\":\"json-dev\"}}");
            Frame reply = client.next();
            assertThat(reply.getAuthOk().getUserId()).isEqualTo("anon:json-dev");
            assertThat(client.texts).hasSize(1);
            assertThat(client.texts.get(0)).contains("\"authOk\"");
        }
    }
}
