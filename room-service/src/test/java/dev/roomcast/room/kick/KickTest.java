package dev.roomcast.room.kick;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.roomcast.devstack.RoomcastServersResource;
import dev.roomcast.proto.v1.ConnectorInfo;
import dev.roomcast.proto.v1.ErrorCode;
import dev.roomcast.proto.v1.KickRequest;
import dev.roomcast.proto.v1.MutinyRoomServiceGrpc;
import dev.roomcast.room.support.RecordingConnector;
import dev.roomcast.room.support.RoomClient;
import dev.roomcast.room.support.TestTokens;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A kick by user id reaches every live connector over real gRPC (the test app serves a recording connector). */
@QuarkusTest
@QuarkusTestResource(value = RoomcastServersResource.class, initArgs = @ResourceArg(name = "redis-db", value = "1"))
class KickTest {

    @GrpcClient("room")
    MutinyRoomServiceGrpc.MutinyRoomServiceStub plain;

    @Test
    void kickByUserIdGoesToEveryLiveConnector() throws Exception {
        var room = RoomClient.withAuth(plain, TestTokens.service());
        String prefix = "kick-" + UUID.randomUUID().toString().substring(0, 8);
        ConnectorInfo a = RoomClient.connector(prefix + "-a", 1);
        ConnectorInfo b = RoomClient.connector(prefix + "-b", 1);
        RoomClient.register(room, a);
        RoomClient.register(room, b);
        String user = prefix + "-user";
        try (AutoCloseable lease = RoomClient.keepAlive(room, a, b)) {
            int connectors = given().header("Authorization", TestTokens.service()).contentType("application/json")
                    .body("{\"code\":\"BANNED\",\"reason\":\"spam\"}").post("/v1/users/{u}/kick", user)
                    .then().statusCode(200).body("code", equalTo("BANNED")).body("failedConnectors", equalTo(0))
                    .extract().jsonPath().getInt("connectors");
            assertThat(connectors).isGreaterThanOrEqualTo(2);
            List<KickRequest> mine = RecordingConnector.KICKS.stream().filter(k -> k.getUserId().equals(user)).toList();
            assertThat(mine).hasSize(connectors).allSatisfy(k -> {
                assertThat(k.getCode()).isEqualTo(ErrorCode.BANNED);
                assertThat(k.getReason()).isEqualTo("spam");
            });
        }
    }

    @Test
    void kickNeedsAServiceCredentialAndValidInput() {
        given().contentType("application/json").body("{}").post("/v1/users/u1/kick")
                .then().statusCode(401).body("code", equalTo("UNAUTHORIZED"));
        given().header("Authorization", TestTokens.viewer()).contentType("application/json").body("{}")
                .post("/v1/users/u1/kick").then().statusCode(403).body("code", equalTo("FORBIDDEN"));
        given().header("Authorization", TestTokens.service()).contentType("application/json")
                .body("{\"code\":\"SMITE\"}").post("/v1/users/u1/kick").then().statusCode(400).body("code", equalTo("BAD_REQUEST"));
        given().header("Authorization", TestTokens.service()).contentType("application/json").body("{}")
                .post("/v1/users/{u}/kick", "用户").then().statusCode(400).body("code", equalTo("BAD_USER"));
    }
}
