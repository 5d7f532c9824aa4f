package dev.roomcast.connector.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roomcast.connector.support.Eventually;
import dev.roomcast.connector.support.FakeRoomService;
import dev.roomcast.connector.support.Tokens;
import dev.roomcast.connector.support.WireClient;
import dev.roomcast.proto.v1.ErrorCode;
import dev.roomcast.proto.v1.Frame;
import dev.roomcast.proto.v1.Heartbeat;
import io.quarkus.grpc.GrpcService;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

@QuarkusTest
class HeartbeatTest {

    @Inject
    Vertx vertx;

    @Inject
    @GrpcService
    FakeRoomService room;

    @Test
    void echoesHeartbeatWithServerTime() {
        try (WireClient client = WireClient.ws(vertx)) {
            client.authenticate(Tokens.viewer("hb"));
            long before = System.currentTimeMillis();
            client.send(Frame.newBuilder().setReqId(4).setHeartbeat(Heartbeat.newBuilder().setClientTimeMs(1234)).build());
            Frame echo = client.next();
            assertThat(echo.getReqId()).isEqualTo(4);
            assertThat(echo.getHeartbeat().getClientTimeMs()).isEqualTo(1234);
            assertThat(echo.getHeartbeat().getServerTimeMs()).isBetween(before - 1000, System.currentTimeMillis() + 1000);
        }
    }

    @Test
    void heartbeatsKeepAConnectionPastTheIdleLimit() throws Exception {
        try (WireClient client = WireClient.tcp(vertx)) {
            client.authenticate(Tokens.viewer("alive"));
            for (int i = 0; i < 16; i++) {
                Thread.sleep(500);
                client.send(Frame.newBuilder().setHeartbeat(Heartbeat.newBuilder()).build());
                assertThat(client.next().hasHeartbeat()).isTrue();
            }
            assertThat(client.isClosed()).isFalse();
        }
    }

    @Test
    void silentConnectionIsClosedForIdleAndLeavesItsRoomsAtRoomService() {
        try (WireClient client = WireClient.ws(vertx)) {
            String connectionId = client.authenticate(Tokens.viewer("idler")).getAuthOk().getConnectionId();
            client.join(2, "idle-room", false);
            Frame error = client.next();
            assertThat(error.getError().getCode()).isEqualTo(ErrorCode.IDLE_TIMEOUT);
            assertThat(client.awaitClosed(Duration.ofSeconds(5))).isEqualTo(ErrorCode.IDLE_TIMEOUT_VALUE);
            Eventually.until(Duration.ofSeconds(5), () -> room.left("room:idle-room", connectionId));
        }
    }
}
