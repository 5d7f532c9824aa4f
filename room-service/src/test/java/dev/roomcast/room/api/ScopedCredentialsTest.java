package dev.roomcast.room.api;

import static dev.roomcast.room.support.RoomClient.WAIT;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.roomcast.devstack.RoomcastServersResource;
import dev.roomcast.proto.v1.JoinRequest;
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
import org.junit.jupiter.api.Test;

/** Who may call what on room-service: issuers, audiences, keys and scopes (common Scopes table). */
@QuarkusTest
@QuarkusTestResource(value = RoomcastServersResource.class, initArgs = @ResourceArg(name = "redis-db", value = "1"))
class ScopedCredentialsTest {

    private static final String CHAT = "{\"type\":\"CHAT\",\"body\":\"x\"}";

    @GrpcClient("room")
    MutinyRoomServiceGrpc.MutinyRoomServiceStub plain;

    // Invalid on purpose (no room, no connector): a caller past the credential check gets a request error, never a delivery.
    private static final PublishRequest NO_ROOM_PUBLISH = PublishRequest.newBuilder().setType(MessageType.CHAT).setBody("x").build();
    private static final JoinRequest NO_CONNECTOR_JOIN = JoinRequest.newBuilder().setMcastId("r1").setUserId("u").build();

    private Status publishStatus(String authorization) {
        return catchThrowableOfType(StatusRuntimeException.class,
                () -> RoomClient.withAuth(plain, authorization).publish(NO_ROOM_PUBLISH).await().atMost(WAIT)).getStatus();
    }

    private Status joinStatus(String authorization) {
        try {
            RoomClient.withAuth(plain, authorization).join(NO_CONNECTOR_JOIN).await().atMost(WAIT);
            return Status.OK;
        } catch (StatusRuntimeException e) {
            return e.getStatus();
        }
    }

    @Test
    void aViewerTokenCannotActAsAServiceOverGrpcOrRest() {
        assertThat(publishStatus(TestTokens.viewer()).getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(joinStatus(TestTokens.viewer()).getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        given().header("Authorization", TestTokens.viewer()).contentType("application/json").body(CHAT)
                .post("/v1/rooms/r1/messages").then().statusCode(403).body("code", equalTo("FORBIDDEN"));
        given().header("Authorization", TestTokens.viewer()).get("/v1/rooms/r1/online")
                .then().statusCode(403).body("code", equalTo("FORBIDDEN"));
    }

    @Test
    void aServiceCredentialSignedWithTheUserKeyIsRefused() {
        given().header("Authorization", TestTokens.serviceSignedWithUserKey()).contentType("application/json").body(CHAT)
                .post("/v1/rooms/r1/messages").then().statusCode(401).body("code", equalTo("UNAUTHORIZED"))
                .body("message", containsString("BAD_SIGNATURE"));
        Status grpc = publishStatus(TestTokens.serviceSignedWithUserKey());
        assertThat(grpc.getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(grpc.getDescription()).contains("BAD_SIGNATURE");
    }

    @Test
    void aTokenOfAnotherIssuerOrAudienceIsRefusedWithItsReason() {
        given().header("Authorization", TestTokens.serviceClaiming("accounts.example.com", null)).contentType("application/json")
                .body(CHAT).post("/v1/rooms/r1/messages").then().statusCode(401).body("code", equalTo("UNAUTHORIZED"))
                .body("message", containsString("WRONG_ISSUER"));
        given().header("Authorization", TestTokens.serviceClaiming(null, "billing")).contentType("application/json")
                .body(CHAT).post("/v1/rooms/r1/messages").then().statusCode(401).body("code", equalTo("UNAUTHORIZED"))
                .body("message", containsString("WRONG_AUDIENCE"));
        Status grpc = publishStatus(TestTokens.serviceClaiming(null, "billing"));
        assertThat(grpc.getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(grpc.getDescription()).contains("WRONG_AUDIENCE");
    }

    @Test
    void theConnectorsCredentialCannotPublishBroadcastOrKick() {
        Status grpc = publishStatus(TestTokens.connector());
        assertThat(grpc.getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(grpc.getDescription()).contains("lacks scope publish");
        for (String path : new String[] {"/v1/rooms/r1/messages", "/v1/users/u1/messages", "/v1/broadcast", "/v1/users/u1/kick"}) {
            given().header("Authorization", TestTokens.connector()).contentType("application/json").body(CHAT)
                    .post(path).then().statusCode(403).body("code", equalTo("FORBIDDEN"))
                    .body("message", containsString("lacks scope publish"));
        }
        // Its own calls still pass the credential check (and then meet the request's own error).
        assertThat(joinStatus(TestTokens.connector()).getCode()).isNotEqualTo(Status.Code.PERMISSION_DENIED)
                .isNotEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(RoomClient.withAuth(plain, TestTokens.connector())
                .onlineCount(OnlineCountRequest.newBuilder().setRoomId("r1").build()).await().atMost(WAIT).getOnlineCount()).isZero();
    }

    @Test
    void theBusinessBackendPublishesButCannotJoinOrRenewLeases() {
        assertThat(publishStatus(TestTokens.backend()).getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        given().header("Authorization", TestTokens.backend()).contentType("application/json").body(CHAT)
                .post("/v1/rooms/scoped-1/messages").then().statusCode(200);
        Status join = joinStatus(TestTokens.backend());
        assertThat(join.getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(join.getDescription()).contains("lacks scope membership");
    }
}
