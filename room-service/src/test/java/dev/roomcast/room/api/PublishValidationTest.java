package dev.roomcast.room.api;

import static dev.roomcast.room.support.RoomClient.WAIT;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;

import dev.roomcast.devstack.RoomcastServersResource;
import dev.roomcast.proto.v1.MessageType;
import dev.roomcast.proto.v1.MutinyRoomServiceGrpc;
import dev.roomcast.proto.v1.OnlineCountRequest;
import dev.roomcast.proto.v1.PublishRequest;
import dev.roomcast.room.support.RoomClient;
import dev.roomcast.room.support.TestTokens;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = RoomcastServersResource.class, initArgs = @ResourceArg(name = "redis-db", value = "1"))
class PublishValidationTest {

    @GrpcClient("room")
    MutinyRoomServiceGrpc.MutinyRoomServiceStub plain;

    private static ValidatableResponse post(String path, String json) {
        return given().header("Authorization", TestTokens.service()).contentType("application/json").body(json)
                .post(path).then();
    }

    private static void refused(String path, String json, int status, String code) {
        post(path, json).statusCode(status).body("code", equalTo(code)).body("message", not(containsString("Exception")));
    }

    @Test
    void acceptsAValidRoomChatAndRepliesWithItsMsgId() {
        post("/v1/rooms/valid-1/messages", "{\"type\":\"CHAT\",\"body\":\"hello\",\"sender\":{\"userId\":\"u\",\"level\":10}}")
                .statusCode(200).body("persisted", equalTo(true)).body("priority", equalTo(110))
                .body("roomId", equalTo("valid-1"));
    }

    @Test
    void refusesUnknownOrMissingType() {
        refused("/v1/rooms/r1/messages", "{\"type\":\"SHOUT\",\"body\":\"x\"}", 400, "UNKNOWN_TYPE");
        refused("/v1/rooms/r1/messages", "{\"body\":\"x\"}", 400, "UNKNOWN_TYPE");
    }

    @Test
    void refusesEmptyAndOversizedBodies() {
        refused("/v1/rooms/r1/messages", "{\"type\":\"CHAT\",\"body\":\"\"}", 400, "EMPTY_BODY");
        refused("/v1/rooms/r1/messages", "{\"type\":\"CHAT\"}", 400, "EMPTY_BODY");
        refused("/v1/rooms/r1/messages", "{\"type\":\"CHAT\",\"body\":\"" + "x".repeat(4097) + "\"}", 413, "BODY_TOO_LARGE");
        // Multi-byte characters count in UTF-8 bytes: 1,366 three-byte characters exceed 4,096 bytes.
        refused("/v1/rooms/r1/messages", "{\"type\":\"CHAT\",\"body\":\"" + "弹".repeat(1366) + "\"}", 413, "BODY_TOO_LARGE");
    }

    @Test
    void refusesBadPriorityTtlAndGiftValue() {
        refused("/v1/rooms/r1/messages", "{\"type\":\"CHAT\",\"body\":\"x\",\"priority\":256}", 400, "BAD_PRIORITY");
        refused("/v1/rooms/r1/messages", "{\"type\":\"CHAT\",\"body\":\"x\",\"priority\":-1}", 400, "BAD_PRIORITY");
        refused("/v1/rooms/r1/messages", "{\"type\":\"CHAT\",\"body\":\"x\",\"ttlMs\":-5}", 400, "BAD_TTL");
        refused("/v1/rooms/r1/messages", "{\"type\":\"GIFT\",\"body\":\"x\",\"giftValue\":-5}", 400, "BAD_GIFT_VALUE");
    }

    @Test
    void refusesMalformedRoomAndTypesThatDoNotFitTheTarget() {
        refused("/v1/rooms/bad%7Bid%7D/messages", "{\"type\":\"CHAT\",\"body\":\"x\"}", 400, "BAD_ROOM");
        refused("/v1/rooms/r1/messages", "{\"type\":\"PRIVATE\",\"body\":\"x\"}", 400, "TYPE_NOT_ALLOWED");
        refused("/v1/rooms/r1/messages", "{\"type\":\"ONLINE_COUNT\",\"body\":\"x\"}", 400, "TYPE_NOT_ALLOWED");
        refused("/v1/users/u1/messages", "{\"type\":\"CHAT\",\"body\":\"x\"}", 400, "TYPE_NOT_ALLOWED");
        refused("/v1/broadcast", "{\"type\":\"CHAT\",\"body\":\"x\"}", 400, "TYPE_NOT_ALLOWED");
    }

    @Test
    void refusesRoomIdsOutsideTheSharedDefinitionLikeEveryService() {
        refused("/v1/rooms/房间1/messages", "{\"type\":\"CHAT\",\"body\":\"x\"}", 400, "BAD_ROOM");
        refused("/v1/rooms/" + "r".repeat(65) + "/messages", "{\"type\":\"CHAT\",\"body\":\"x\"}", 400, "BAD_ROOM");
        given().urlEncodingEnabled(false).header("Authorization", TestTokens.service())
                .get("/v1/rooms/%E6%88%BF%E9%97%B41/online").then().statusCode(400).body("code", equalTo("BAD_ROOM"));
        given().urlEncodingEnabled(false).get("/v1/dispatch?roomId=%E6%88%BF%E9%97%B41")
                .then().statusCode(400).body("code", equalTo("BAD_ROOM"));
        var room = RoomClient.withAuth(plain, TestTokens.service());
        assertThatThrownBy(() -> room.publish(PublishRequest.newBuilder().setRoomId("房间1").setType(MessageType.CHAT)
                .setBody("x").build()).await().atMost(WAIT)).isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getDescription()).startsWith("BAD_ROOM"));
    }

    @Test
    void refusesMalformedJson() {
        refused("/v1/rooms/r1/messages", "{\"type\":", 400, "BAD_REQUEST");
    }

    @Test
    void refusesMissingRoomOverGrpc() {
        var room = RoomClient.withAuth(plain, TestTokens.service());
        assertThatThrownBy(() -> room.publish(PublishRequest.newBuilder().setType(MessageType.CHAT).setBody("x").build())
                .await().atMost(WAIT)).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).startsWith("MISSING_ROOM");
                });
        assertThatThrownBy(() -> room.publish(PublishRequest.newBuilder().setRoomId("r").setTypeValue(99).setBody("x").build())
                .await().atMost(WAIT)).isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getDescription()).startsWith("UNKNOWN_TYPE"));
        assertThatThrownBy(() -> room.publish(PublishRequest.newBuilder().setTargetValue(42).setRoomId("r")
                .setType(MessageType.CHAT).setBody("x").build()).await().atMost(WAIT))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getDescription()).startsWith("BAD_TARGET"));
        assertThatThrownBy(() -> room.publish(PublishRequest.newBuilder().setTarget(dev.roomcast.proto.v1.PublishTarget.USER)
                .setType(MessageType.PRIVATE).setBody("x").build()).await().atMost(WAIT))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getDescription()).startsWith("MISSING_USER"));
    }

    @Test
    void restRequiresAServiceCredential() {
        given().contentType("application/json").body("{\"type\":\"CHAT\",\"body\":\"x\"}").post("/v1/rooms/r1/messages")
                .then().statusCode(401).body("code", equalTo("UNAUTHORIZED"));
        given().header("Authorization", "Bearer not-a-jwt").contentType("application/json")
                .body("{\"type\":\"CHAT\",\"body\":\"x\"}").post("/v1/rooms/r1/messages")
                .then().statusCode(401).body("code", equalTo("UNAUTHORIZED"));
        given().header("Authorization", TestTokens.foreignService()).get("/v1/rooms/r1/online")
                .then().statusCode(401).body("code", equalTo("UNAUTHORIZED"));
        given().header("Authorization", TestTokens.viewer()).contentType("application/json")
                .body("{\"type\":\"CHAT\",\"body\":\"x\"}").post("/v1/broadcast")
                .then().statusCode(403).body("code", equalTo("FORBIDDEN"));
    }

    @Test
    void grpcRequiresAServiceCredential() {
        OnlineCountRequest request = OnlineCountRequest.newBuilder().setRoomId("r1").build();
        assertThatThrownBy(() -> RoomClient.withAuth(plain, null).onlineCount(request).await().atMost(WAIT))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
        assertThatThrownBy(() -> RoomClient.withAuth(plain, TestTokens.viewer()).onlineCount(request).await().atMost(WAIT))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));
        assertThat(RoomClient.withAuth(plain, TestTokens.service()).onlineCount(request).await().atMost(WAIT)
                .getOnlineCount()).isZero();
    }

    @Test
    void dispatcherIsOpenToClients() {
        given().get("/v1/dispatch?roomId=r1").then().statusCode(200);
    }
}
