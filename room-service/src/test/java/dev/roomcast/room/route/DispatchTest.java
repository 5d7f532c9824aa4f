package dev.roomcast.room.route;

import static dev.roomcast.room.support.RoomClient.unique;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.roomcast.devstack.RoomcastServersResource;
import dev.roomcast.proto.v1.ConnectorInfo;
import dev.roomcast.proto.v1.MutinyRoomServiceGrpc;
import dev.roomcast.proto.v1.RenewConnectorRequest;
import dev.roomcast.room.support.RoomClient;
import dev.roomcast.room.support.TestTokens;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = RoomcastServersResource.class, initArgs = @ResourceArg(name = "redis-db", value = "1"))
class DispatchTest {

    @GrpcClient("room")
    MutinyRoomServiceGrpc.MutinyRoomServiceStub plain;

    @Test
    void ordersLiveConnectorsByLoadAndLeavesOutDrainingAndExpiredOnes() throws Exception {
        var room = RoomClient.withAuth(plain, TestTokens.service());
        String prefix = unique("disp");
        ConnectorInfo busy = RoomClient.connector(prefix + "-busy", 900);
        ConnectorInfo idle = RoomClient.connector(prefix + "-idle", 10);
        ConnectorInfo middle = RoomClient.connector(prefix + "-middle", 300);
        ConnectorInfo draining = RoomClient.connector(prefix + "-draining", 0).toBuilder().setDraining(true).build();
        ConnectorInfo expiring = RoomClient.connector(prefix + "-expiring", 1);
        for (ConnectorInfo c : List.of(busy, idle, middle, draining, expiring)) {
            RoomClient.register(room, c);
        }
        AutoCloseable lease = RoomClient.keepAlive(room, busy, idle, middle, draining);
        try {
            assertThat(dispatched(prefix)).containsExactly(prefix + "-expiring", prefix + "-idle", prefix + "-middle",
                    prefix + "-busy");
            // Load reported on renewal reorders the answer.
            lease.close();
            ConnectorInfo loaded = idle.toBuilder().setConnections(5000).build();
            lease = RoomClient.keepAlive(room, busy, loaded, middle, draining);
            room.renewConnector(RenewConnectorRequest.newBuilder().setConnector(loaded).build()).await().atMost(RoomClient.WAIT);
            // The expiring one stops renewing and drops out after its lease.
            await().atMost(Duration.ofSeconds(8)).untilAsserted(() -> assertThat(dispatched(prefix))
                    .containsExactly(prefix + "-middle", prefix + "-busy", prefix + "-idle"));
        } finally {
            lease.close();
        }
        var body = given().get("/v1/dispatch?roomId=r1").then().statusCode(200).extract().jsonPath();
        assertThat(body.getString("roomId")).isEqualTo("r1");
    }

    private static List<String> dispatched(String prefix) {
        List<String> ids = given().get("/v1/dispatch?roomId=any").then().statusCode(200).extract().jsonPath()
                .getList("connectors.connectorId", String.class);
        List<String> mine = ids.stream().filter(id -> id.startsWith(prefix)).toList();
        // Endpoints carry what clients need.
        given().get("/v1/dispatch").then().extract().jsonPath().getList("connectors", java.util.Map.class).stream()
                .filter(c -> String.valueOf(c.get("connectorId")).startsWith(prefix))
                .forEach(c -> assertThat(c.get("wsUrl").toString()).startsWith("ws://"));
        return mine;
    }
}
