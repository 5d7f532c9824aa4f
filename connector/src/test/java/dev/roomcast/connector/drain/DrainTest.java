package dev.roomcast.connector.drain;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.roomcast.connector.backend.ServiceCredentials;
import dev.roomcast.connector.support.Eventually;
import dev.roomcast.connector.support.FakeRoomService;
import dev.roomcast.connector.support.Tokens;
import dev.roomcast.connector.support.WireClient;
import dev.roomcast.proto.v1.ErrorCode;
import dev.roomcast.proto.v1.Frame;
import io.quarkus.grpc.GrpcService;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** Drain is one-way for an instance, so this class runs last in the shared test application. */
@QuarkusTest
@Order(Integer.MAX_VALUE)
class DrainTest {

    @Inject
    Vertx vertx;

    @Inject
    @GrpcService
    FakeRoomService room;

    @Inject
    ServiceCredentials credentials;

    @Test
    void drainRequiresAnOperatorCredential() {
        given().post("/admin/drain").then().statusCode(401).body("code", equalTo("UNAUTHORIZED"));
        given().header("Authorization", "Bearer " + Tokens.viewer("not-a-service")).post("/admin/drain")
                .then().statusCode(403).body("code", equalTo("FORBIDDEN"));
        // A connector's (or room-service's) credential has no admin scope.
        given().header("Authorization", credentials.bearer()).post("/admin/drain")
                .then().statusCode(403).body("code", equalTo("FORBIDDEN")).body("message", org.hamcrest.Matchers.containsString("admin"));
        given().header("Authorization", Tokens.roomService()).post("/admin/drain").then().statusCode(403);
    }

    @Test
    void malformedWindowIsATypedBadRequest() {
        for (String window : new String[] {"abc", "-5", "1e3"}) {
            given().header("Authorization", Tokens.operator()).post("/admin/drain?windowMs=" + window)
                    .then().statusCode(400).body("code", equalTo("BAD_REQUEST"));
        }
    }

    @Test
    void drainSpreadsReconnectOverTheWindowLeavesRoutesAndRefusesNewcomers() throws Exception {
        List<WireClient> clients = new ArrayList<>();
        try {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                WireClient c = i % 2 == 0 ? WireClient.ws(vertx) : WireClient.tcp(vertx);
                clients.add(c);
                ids.add(c.authenticate(Tokens.viewer("d-" + i)).getAuthOk().getConnectionId());
                c.join(2, "drain-room", false);
            }
            for (WireClient c : clients) {
                // Fresh activity: the test profile's idle limit is short and this machine may be slow.
                assertThat(c.heartbeat()).isTrue();
            }
            long start = System.currentTimeMillis();
            given().header("Authorization", Tokens.operator()).post("/admin/drain?windowMs=600")
                    .then().statusCode(200).body("connections", equalTo(6));
            for (WireClient c : clients) {
                Frame reconnect = c.next(Frame.KindCase.RECONNECT);
                assertThat(reconnect.getReconnect().getCode()).isEqualTo(ErrorCode.RECONNECT);
                int code = c.awaitClosed(Duration.ofSeconds(5));
                if (code != -1) {
                    assertThat(code).isEqualTo(ErrorCode.RECONNECT_VALUE);
                }
            }
            long took = System.currentTimeMillis() - start;
            assertThat(took).isGreaterThanOrEqualTo(400);
            Eventually.until(Duration.ofSeconds(5), () -> ids.stream().allMatch(id -> room.left("room:drain-room", id)));
            Eventually.until(Duration.ofSeconds(5), () -> room.renews.stream().anyMatch(r -> r.getConnector().getDraining()));
            given().get("/q/health/ready").then().statusCode(503);
            try (WireClient late = WireClient.ws(vertx)) {
                // The refusal may close the socket before the client's handlers are set: then only the
                // close code is seen; otherwise the Error frame comes first.
                Frame refusal = late.isClosed() ? null : late.poll(Duration.ofSeconds(5));
                if (refusal != null) {
                    assertThat(refusal.getError().getCode()).isEqualTo(ErrorCode.RECONNECT);
                }
                assertThat(late.awaitClosed(Duration.ofSeconds(5))).isEqualTo(ErrorCode.RECONNECT_VALUE);
            }
        } finally {
            clients.forEach(WireClient::close);
        }
    }
}
