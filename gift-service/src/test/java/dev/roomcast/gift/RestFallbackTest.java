package dev.roomcast.gift;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import dev.roomcast.devstack.RoomcastServersResource;
import dev.roomcast.proto.v1.MutinyGiftServiceGrpc;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = RoomcastServersResource.class,
        initArgs = @ResourceArg(name = "redis-db", value = "3"))
class RestFallbackTest {

    @GrpcClient("gift")
    MutinyGiftServiceGrpc.MutinyGiftServiceStub gifts;

    private String roomWithFiveGifts() {
        String roomId = GiftSendTest.unique("rest");
        var stub = Tokens.withService(gifts);
        for (int i = 1; i <= 5; i++) {
            stub.sendGift(GiftSendTest.gift(GiftSendTest.unique("o"), roomId, i, 100)).await().atMost(Duration.ofSeconds(10));
        }
        return roomId;
    }

    @Test
    void anchorPagesGiftHistoryAfterASequenceAndAcksOverRest() {
        String roomId = roomWithFiveGifts();
        String anchor = Tokens.anchor("anchor-1", roomId);

        given().header("Authorization", anchor).queryParam("afterSeq", 0).queryParam("limit", 2)
                .get("/v1/rooms/{roomId}/gifts", roomId).then().statusCode(200)
                .body("gifts.seq", contains(1, 2)).body("hasMore", equalTo(true)).body("ackedSeq", equalTo(0));
        given().header("Authorization", anchor).queryParam("afterSeq", 2).queryParam("limit", 2)
                .get("/v1/rooms/{roomId}/gifts", roomId).then().statusCode(200)
                .body("gifts.seq", contains(3, 4)).body("hasMore", equalTo(true));
        given().header("Authorization", anchor).queryParam("afterSeq", 4).queryParam("limit", 2)
                .get("/v1/rooms/{roomId}/gifts", roomId).then().statusCode(200)
                .body("gifts.seq", contains(5)).body("hasMore", equalTo(false))
                .body("gifts[0].count", equalTo(5)).body("gifts[0].totalValue", equalTo(500));

        given().header("Authorization", anchor).contentType(ContentType.JSON).body("{\"seq\":4}")
                .post("/v1/rooms/{roomId}/gifts/ack", roomId).then().statusCode(200).body("ackedSeq", equalTo(4));
        // An older ack never moves the cursor back.
        given().header("Authorization", anchor).contentType(ContentType.JSON).body("{\"seq\":2}")
                .post("/v1/rooms/{roomId}/gifts/ack", roomId).then().statusCode(200).body("ackedSeq", equalTo(4));
        given().header("Authorization", anchor).contentType(ContentType.JSON).body("{\"seq\":6}")
                .post("/v1/rooms/{roomId}/gifts/ack", roomId).then().statusCode(400).body("code", equalTo("ACK_BEYOND_LAST"));
        given().header("Authorization", anchor).get("/v1/rooms/{roomId}/gifts", roomId).then().statusCode(200)
                .body("ackedSeq", equalTo(4)).body("gifts", hasSize(5));
    }

    @Test
    void totalsCountOrdersItemsAndValueForTheDashboard() {
        String roomId = roomWithFiveGifts();
        given().header("Authorization", Tokens.anchor("anchor-1", roomId)).get("/v1/rooms/{roomId}/gifts/totals", roomId)
                .then().statusCode(200)
                .body("gifts", equalTo(5)).body("items", equalTo(15)).body("value", equalTo(1500)).body("lastSeq", equalTo(5));
        given().header("Authorization", Tokens.service()).get("/v1/rooms/{roomId}/gifts/totals", "never-used-room")
                .then().statusCode(200).body("gifts", equalTo(0)).body("value", equalTo(0));
    }

    @Test
    void onlyTheRoomsAnchorOrAServiceMayReadIt() {
        String roomId = roomWithFiveGifts();
        given().header("Authorization", Tokens.service()).get("/v1/rooms/{roomId}/gifts", roomId)
                .then().statusCode(200).body("gifts", hasSize(5));
        for (String outsider : new String[] {Tokens.viewer("viewer-1"), Tokens.anchor("anchor-2", "another-room")}) {
            given().header("Authorization", outsider).get("/v1/rooms/{roomId}/gifts", roomId)
                    .then().statusCode(403).body("code", equalTo("FORBIDDEN"));
            given().header("Authorization", outsider).get("/v1/rooms/{roomId}/gifts/totals", roomId)
                    .then().statusCode(403).body("code", equalTo("FORBIDDEN"));
            given().header("Authorization", outsider).contentType(ContentType.JSON).body("{\"seq\":1}")
                    .post("/v1/rooms/{roomId}/gifts/ack", roomId).then().statusCode(403).body("code", equalTo("FORBIDDEN"));
        }
        given().get("/v1/rooms/{roomId}/gifts", roomId).then().statusCode(401).body("code", equalTo("UNAUTHORIZED"));
        given().header("Authorization", Tokens.anchor("anchor-1", roomId)).queryParam("afterSeq", -1)
                .get("/v1/rooms/{roomId}/gifts", roomId).then().statusCode(400).body("code", equalTo("INVALID_FIELD"));
    }
}
