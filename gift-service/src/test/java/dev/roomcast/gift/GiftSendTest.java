package dev.roomcast.gift;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.roomcast.devstack.RoomcastServersResource;
import dev.roomcast.gift.fakes.FakeRoomState;
import dev.roomcast.proto.v1.Gift;
import dev.roomcast.proto.v1.MessageType;
import dev.roomcast.proto.v1.MutinyGiftServiceGrpc;
import dev.roomcast.proto.v1.SendGiftReply;
import dev.roomcast.proto.v1.SendGiftRequest;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = RoomcastServersResource.class,
        initArgs = @ResourceArg(name = "redis-db", value = "3"))
class GiftSendTest {

    @GrpcClient("gift")
    MutinyGiftServiceGrpc.MutinyGiftServiceStub gifts;

    @Inject
    FakeRoomState room;

    @Inject
    Pool pool;

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 13);
    }

    static SendGiftRequest gift(String orderId, String roomId, int count, long unitValue) {
        return SendGiftRequest.newBuilder().setOrderId(orderId).setRoomId(roomId).setFromUserId("u-alice")
                .setFromNickname("alice").setGiftId("rocket").setGiftName("Rocket")
                .setCount(count).setUnitValue(unitValue).build();
    }

    static String json(String orderId, String roomId, int count, long unitValue) {
        return "{\"orderId\":\"" + orderId + "\",\"roomId\":\"" + roomId + "\",\"fromUser\":\"u-alice\","
                + "\"fromNickname\":\"alice\",\"giftId\":\"rocket\",\"giftName\":\"Rocket\","
                + "\"count\":" + count + ",\"unitValue\":" + unitValue + "}";
    }

    @Test
    void replayOfAnOrderReturnsTheFirstResultWithTheSameSequence() {
        String roomId = unique("r");
        String order = unique("o");
        given().header("Authorization", Tokens.service()).contentType(ContentType.JSON).body(json(order, roomId, 3, 100))
                .post("/v1/gifts").then().statusCode(201)
                .body("duplicate", equalTo(false)).body("gift.seq", equalTo(1)).body("gift.totalValue", equalTo(300));
        given().header("Authorization", Tokens.service()).contentType(ContentType.JSON).body(json(order, roomId, 3, 100))
                .post("/v1/gifts").then().statusCode(200)
                .body("duplicate", equalTo(true)).body("gift.seq", equalTo(1));

        SendGiftReply viaGrpc = Tokens.withService(gifts).sendGift(gift(order, roomId, 3, 100))
                .await().atMost(Duration.ofSeconds(10));
        assertThat(viaGrpc.getDuplicate()).isTrue();
        assertThat(viaGrpc.getGift().getSeq()).isEqualTo(1);

        Row row = pool.preparedQuery("SELECT count(*) AS n, max(seq) AS s FROM gift.gift WHERE room_id = $1")
                .execute(Tuple.of(roomId)).await().atMost(Duration.ofSeconds(5)).iterator().next();
        assertThat(row.getLong("n")).isEqualTo(1);
        assertThat(row.getLong("s")).isEqualTo(1);
    }

    @Test
    void twoHundredConcurrentSendsToOneRoomGetSequencesOneToTwoHundredExactly() {
        String roomId = unique("dense");
        var stub = Tokens.withService(gifts);
        List<Uni<SendGiftReply>> sends = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            sends.add(stub.sendGift(gift(unique("o" + i), roomId, 1, 10)));
        }
        // Replays of one order racing with the rest: still one gift for it.
        String raced = unique("raced");
        for (int i = 0; i < 5; i++) {
            sends.add(stub.sendGift(gift(raced, roomId, 1, 10)));
        }
        List<SendGiftReply> replies = Uni.join().all(sends).andFailFast().await().atMost(Duration.ofSeconds(60));

        List<Long> seqs = replies.stream().limit(200).map(r -> r.getGift().getSeq()).sorted().toList();
        List<Long> racedSeqs = replies.stream().skip(200).map(r -> r.getGift().getSeq()).distinct().toList();
        assertThat(racedSeqs).hasSize(1);
        List<Long> all = new ArrayList<>(seqs);
        all.add(racedSeqs.get(0));
        assertThat(all.stream().sorted().toList()).isEqualTo(LongStream.rangeClosed(1, 201).boxed().toList());
        assertThat(replies.stream().skip(200).filter(r -> !r.getDuplicate()).count()).isEqualTo(1);

        Row row = pool.preparedQuery("SELECT count(*) AS n, count(DISTINCT seq) AS d, min(seq) AS lo, max(seq) AS hi"
                        + " FROM gift.gift WHERE room_id = $1")
                .execute(Tuple.of(roomId)).await().atMost(Duration.ofSeconds(5)).iterator().next();
        assertThat(row.getLong("n")).isEqualTo(201);
        assertThat(row.getLong("d")).isEqualTo(201);
        assertThat(row.getLong("lo")).isEqualTo(1);
        assertThat(row.getLong("hi")).isEqualTo(201);
    }

    @Test
    void publishesAGiftMessageWithItsTotalValueToTheRoom() {
        String roomId = unique("pub");
        Gift g = Tokens.withService(gifts).sendGift(gift(unique("o"), roomId, 5, 2000))
                .await().atMost(Duration.ofSeconds(10)).getGift();

        Eventually.until(Duration.ofSeconds(10), "condition", () -> room.publishedTo(roomId).size() == 1);
        var published = room.publishedTo(roomId).get(0);
        assertThat(published.getType()).isEqualTo(MessageType.GIFT);
        assertThat(published.getGiftValue()).isEqualTo(10_000);
        assertThat(published.getSender().getUserId()).isEqualTo("u-alice");
        assertThat(published.getBody()).contains("\"seq\":" + g.getSeq()).contains("\"giftId\":\"rocket\"");
        Eventually.until(Duration.ofSeconds(10), "condition", () -> publishedFlag(g.getOrderId()));
    }

    @Test
    void recordsAGiftWhileRoomServiceIsDownAndPublishesItFromTheOutboxLater() {
        String roomId = unique("outbox");
        room.down = true;
        Gift g;
        try {
            g = Tokens.withService(gifts).sendGift(gift(unique("o"), roomId, 1, 50))
                    .await().atMost(Duration.ofSeconds(10)).getGift();
            assertThat(g.getSeq()).isEqualTo(1);
            // The immediate attempt and at least one relay attempt fail while room-service is down.
            Eventually.until(Duration.ofSeconds(10), "condition", () -> publishAttempts(g.getOrderId()) >= 1);
            assertThat(room.publishedTo(roomId)).isEmpty();
            assertThat(publishedFlag(g.getOrderId())).isFalse();
        } finally {
            room.down = false;
        }
        Eventually.until(Duration.ofSeconds(20), "condition", () -> publishedFlag(g.getOrderId()));
        assertThat(room.publishedTo(roomId)).hasSize(1);
    }

    private boolean publishedFlag(String orderId) {
        return pool.preparedQuery("SELECT published FROM gift.gift WHERE order_id = $1").execute(Tuple.of(orderId))
                .await().atMost(Duration.ofSeconds(5)).iterator().next().getBoolean("published");
    }

    private int publishAttempts(String orderId) {
        return pool.preparedQuery("SELECT publish_attempts FROM gift.gift WHERE order_id = $1").execute(Tuple.of(orderId))
                .await().atMost(Duration.ofSeconds(5)).iterator().next().getInteger("publish_attempts");
    }
}
