package dev.roomcast.gift;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;

import dev.roomcast.devstack.RoomcastServersResource;
import dev.roomcast.proto.v1.MutinyGiftServiceGrpc;
import dev.roomcast.proto.v1.SendGiftRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = RoomcastServersResource.class,
        initArgs = @ResourceArg(name = "redis-db", value = "3"))
class GiftBadInputTest {

    @GrpcClient("gift")
    MutinyGiftServiceGrpc.MutinyGiftServiceStub gifts;

    private static ValidatableResponse post(String body) {
        return given().header("Authorization", Tokens.service()).contentType(ContentType.JSON).body(body)
                .post("/v1/gifts").then();
    }

    private static void assertTypedError(ValidatableResponse r, int status, String code) {
        r.statusCode(status).contentType(ContentType.JSON).body("code", equalTo(code))
                .body("message", not(containsString("Exception"))).body("message", not(containsString("\tat ")));
    }

    @Test
    void refusesUnknownGiftFields() {
        String body = GiftSendTest.json(GiftSendTest.unique("o"), "room-1", 1, 10).replace("}", ",\"discount\":5}");
        assertTypedError(post(body), 400, "UNKNOWN_FIELD");
    }

    @Test
    void refusesMalformedJsonAndWrongTypes() {
        assertTypedError(post("{\"orderId\": "), 400, "BAD_JSON");
        assertTypedError(post(GiftSendTest.json("o-x", "room-1", 1, 10).replace("\"count\":1", "\"count\":\"many\"")),
                400, "BAD_JSON");
    }

    @Test
    void refusesNonPositiveCountOrValue() {
        assertTypedError(post(GiftSendTest.json(GiftSendTest.unique("o"), "room-1", 0, 10)), 400, "INVALID_FIELD");
        assertTypedError(post(GiftSendTest.json(GiftSendTest.unique("o"), "room-1", -3, 10)), 400, "INVALID_FIELD");
        assertTypedError(post(GiftSendTest.json(GiftSendTest.unique("o"), "room-1", 1, 0)), 400, "INVALID_FIELD");
        assertTypedError(post(GiftSendTest.json(GiftSendTest.unique("o"), "room-1", 1, -100)), 400, "INVALID_FIELD");
    }

    @Test
    void refusesAMissingOrderId() {
        assertTypedError(post(GiftSendTest.json("", "room-1", 1, 10)), 400, "MISSING_FIELD");
        assertTypedError(post("{\"roomId\":\"room-1\",\"fromUser\":\"u\",\"giftId\":\"g\",\"count\":1,\"unitValue\":1}"),
                400, "MISSING_FIELD");
    }

    @Test
    void refusesOversizedStrings() {
        String longId = "x".repeat(65);
        assertTypedError(post(GiftSendTest.json(longId, "room-1", 1, 10)), 400, "FIELD_TOO_LONG");
        assertTypedError(post(GiftSendTest.json(GiftSendTest.unique("o"), longId, 1, 10)), 400, "BAD_ROOM");
        assertTypedError(post(GiftSendTest.json(GiftSendTest.unique("o"), "room-1", 1, 10)
                .replace("\"Rocket\"", "\"" + "R".repeat(129) + "\"")), 400, "FIELD_TOO_LONG");
    }

    @Test
    void refusesRoomAndUserIdsTheOtherServicesRefuse() {
        assertTypedError(post(GiftSendTest.json(GiftSendTest.unique("o"), "房间1", 1, 10)), 400, "BAD_ROOM");
        assertTypedError(post(GiftSendTest.json(GiftSendTest.unique("o"), "room 1", 1, 10)), 400, "BAD_ROOM");
        assertTypedError(post(GiftSendTest.json(GiftSendTest.unique("o"), "room-1", 1, 10)
                .replace("\"u-alice\"", "\"用户\"")), 400, "BAD_USER");
        assertTypedError(given().header("Authorization", Tokens.service())
                .get("/v1/rooms/{roomId}/gifts", "房间1").then(), 400, "BAD_ROOM");
    }

    @Test
    void malformedQueryParametersAreTypedBadRequests() {
        for (String query : new String[] {"afterSeq=abc", "limit=ten", "afterSeq=-1", "limit=-5", "afterSeq=1e3"}) {
            assertTypedError(given().header("Authorization", Tokens.service())
                    .get("/v1/rooms/room-1/gifts?" + query).then(), 400, "INVALID_FIELD");
        }
    }

    @Test
    void refusesReplayOfAnOrderWithDifferentContent() {
        String order = GiftSendTest.unique("o");
        String roomId = GiftSendTest.unique("r");
        post(GiftSendTest.json(order, roomId, 1, 10)).statusCode(201);
        assertTypedError(post(GiftSendTest.json(order, roomId, 2, 10)), 409, "ORDER_CONFLICT");
        assertTypedError(post(GiftSendTest.json(order, roomId + "x", 1, 10)), 409, "ORDER_CONFLICT");

        assertThatThrownBy(() -> Tokens.withService(gifts).sendGift(GiftSendTest.gift(order, roomId, 1, 999))
                .await().atMost(Duration.ofSeconds(10)))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS);
                    assertThat(e.getStatus().getDescription()).startsWith("ORDER_CONFLICT");
                });
    }

    @Test
    void refusesSendsWithoutAServiceCredential() {
        String body = GiftSendTest.json(GiftSendTest.unique("o"), "room-1", 1, 10);
        assertTypedError(given().contentType(ContentType.JSON).body(body).post("/v1/gifts").then(), 401, "UNAUTHORIZED");
        assertTypedError(given().header("Authorization", "Bearer not-a-jwt").contentType(ContentType.JSON).body(body)
                .post("/v1/gifts").then(), 401, "UNAUTHORIZED");
        assertTypedError(given().header("Authorization", Tokens.anchor("a1", "room-1")).contentType(ContentType.JSON)
                .body(body).post("/v1/gifts").then(), 403, "FORBIDDEN");

        SendGiftRequest request = GiftSendTest.gift(GiftSendTest.unique("o"), "room-1", 1, 10);
        assertThatThrownBy(() -> gifts.sendGift(request).await().atMost(Duration.ofSeconds(10)))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
        assertThatThrownBy(() -> Tokens.withToken(gifts, Tokens.viewer("v1")).sendGift(request)
                .await().atMost(Duration.ofSeconds(10)))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));
    }

    @Test
    void aConnectorsScopedCredentialCannotSendGiftsButCanRelayAcks() {
        String roomId = GiftSendTest.unique("r");
        String body = GiftSendTest.json(GiftSendTest.unique("o"), roomId, 1, 10);
        assertTypedError(given().header("Authorization", Tokens.connector()).contentType(ContentType.JSON).body(body)
                .post("/v1/gifts").then(), 403, "FORBIDDEN");
        SendGiftRequest request = GiftSendTest.gift(GiftSendTest.unique("o"), roomId, 1, 10);
        assertThatThrownBy(() -> Tokens.withToken(gifts, Tokens.connector()).sendGift(request)
                .await().atMost(Duration.ofSeconds(10)))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
                    assertThat(e.getStatus().getDescription()).startsWith("FORBIDDEN").contains("gift.send");
                });
        // The payment backend's scoped credential sends; the connector's relays the anchor's ack and pull.
        given().header("Authorization", Tokens.payments()).contentType(ContentType.JSON).body(body)
                .post("/v1/gifts").then().statusCode(201);
        var relay = Tokens.withToken(gifts, Tokens.connector());
        assertThat(relay.ackGift(dev.roomcast.proto.v1.AckGiftRequest.newBuilder().setRoomId(roomId)
                .setAnchorUserId("anchor-" + roomId).setSeq(1).build()).await().atMost(Duration.ofSeconds(10))
                .getAckedSeq()).isEqualTo(1);
        assertThat(relay.pullGifts(dev.roomcast.proto.v1.PullGiftsRequest.newBuilder().setRoomId(roomId)
                .setAnchorUserId("anchor-" + roomId).build()).await().atMost(Duration.ofSeconds(10))
                .getGiftsCount()).isEqualTo(1);
        // The payment backend's scoped credential cannot relay acks.
        assertThatThrownBy(() -> Tokens.withToken(gifts, Tokens.payments()).ackGift(dev.roomcast.proto.v1.AckGiftRequest
                .newBuilder().setRoomId(roomId).setAnchorUserId("x").setSeq(1).build()).await().atMost(Duration.ofSeconds(10)))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));
    }

    @Test
    void aGiftSendCredentialSignedWithTheUserKeyIsRefused() {
        String body = GiftSendTest.json(GiftSendTest.unique("o"), "room-1", 1, 10);
        given().header("Authorization", Tokens.paymentsSignedWithUserKey()).contentType(ContentType.JSON).body(body)
                .post("/v1/gifts").then().statusCode(401).body("code", org.hamcrest.Matchers.equalTo("UNAUTHORIZED"))
                .body("message", org.hamcrest.Matchers.containsString("BAD_SIGNATURE"));
        SendGiftRequest request = GiftSendTest.gift(GiftSendTest.unique("o"), "room-1", 1, 10);
        assertThatThrownBy(() -> Tokens.withToken(gifts, Tokens.paymentsSignedWithUserKey()).sendGift(request)
                .await().atMost(Duration.ofSeconds(10)))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
                    assertThat(e.getStatus().getDescription()).contains("BAD_SIGNATURE");
                });
    }

    @Test
    void aCredentialOfAnotherIssuerOrAudienceIsRefusedWithItsReason() {
        String body = GiftSendTest.json(GiftSendTest.unique("o"), "room-1", 1, 10);
        given().header("Authorization", Tokens.paymentsClaiming("payments.example.com", null)).contentType(ContentType.JSON)
                .body(body).post("/v1/gifts").then().statusCode(401).body("code", org.hamcrest.Matchers.equalTo("UNAUTHORIZED"))
                .body("message", org.hamcrest.Matchers.containsString("WRONG_ISSUER"));
        given().header("Authorization", Tokens.paymentsClaiming(null, "billing")).contentType(ContentType.JSON)
                .body(body).post("/v1/gifts").then().statusCode(401).body("code", org.hamcrest.Matchers.equalTo("UNAUTHORIZED"))
                .body("message", org.hamcrest.Matchers.containsString("WRONG_AUDIENCE"));
    }

    @Test
    void aViewerTokenCannotRelayAnAnchorsAckOrPull() {
        var asViewer = Tokens.withToken(gifts, Tokens.viewer("v1"));
        assertThatThrownBy(() -> asViewer.ackGift(dev.roomcast.proto.v1.AckGiftRequest.newBuilder().setRoomId("room-1")
                .setAnchorUserId("a1").setSeq(1).build()).await().atMost(Duration.ofSeconds(10)))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));
        assertThatThrownBy(() -> asViewer.pullGifts(dev.roomcast.proto.v1.PullGiftsRequest.newBuilder().setRoomId("room-1")
                .setAnchorUserId("a1").build()).await().atMost(Duration.ofSeconds(10)))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));
    }

    @Test
    void refusesBadGrpcSendsWithInvalidArgument() {
        var stub = Tokens.withService(gifts);
        SendGiftRequest zeroCount = GiftSendTest.gift(GiftSendTest.unique("o"), "room-1", 0, 10);
        SendGiftRequest noOrder = GiftSendTest.gift("", "room-1", 1, 10);
        for (SendGiftRequest bad : new SendGiftRequest[] {zeroCount, noOrder}) {
            assertThatThrownBy(() -> stub.sendGift(bad).await().atMost(Duration.ofSeconds(10)))
                    .isInstanceOfSatisfying(StatusRuntimeException.class,
                            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
        }
    }
}
