package dev.roomcast.gift;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roomcast.devstack.RoomcastServersResource;
import dev.roomcast.gift.fakes.FakeConnectorState;
import dev.roomcast.gift.fakes.TestAnchor;
import dev.roomcast.proto.v1.Frame;
import dev.roomcast.proto.v1.Gift;
import dev.roomcast.proto.v1.MutinyGiftServiceGrpc;
import dev.roomcast.proto.v1.PullGiftsRequest;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = RoomcastServersResource.class,
        initArgs = @ResourceArg(name = "redis-db", value = "3"))
class AnchorDeliveryTest {

    @GrpcClient("gift")
    MutinyGiftServiceGrpc.MutinyGiftServiceStub gifts;

    @Inject
    FakeConnectorState connector;

    private Gift send(String roomId) {
        return Tokens.withService(gifts).sendGift(GiftSendTest.gift(GiftSendTest.unique("o"), roomId, 1, 10))
                .await().atMost(Duration.ofSeconds(10)).getGift();
    }

    private TestAnchor anchorIn(String roomId) {
        TestAnchor anchor = new TestAnchor(roomId, "anchor-" + roomId, Tokens.withService(gifts));
        connector.anchors.put(roomId, anchor);
        return anchor;
    }

    private long serverCursor(String roomId) {
        return Tokens.withService(gifts).pullGifts(PullGiftsRequest.newBuilder().setRoomId(roomId).setLimit(1).build())
                .await().atMost(Duration.ofSeconds(10)).getAckedSeq();
    }

    @Test
    void pushesANewGiftAndStopsOnceTheAnchorAcks() {
        String roomId = GiftSendTest.unique("push");
        TestAnchor anchor = anchorIn(roomId);
        Gift g = send(roomId);

        Eventually.until(Duration.ofSeconds(10), "anchor acked seq 1", () -> serverCursor(roomId) == 1);
        Frame first = connector.framesFor(roomId).get(0);
        assertThat(first.getGiftPush().getGiftsList()).extracting(Gift::getOrderId).containsExactly(g.getOrderId());
        assertThat(anchor.shownSeqs()).containsExactly(1L);

        sleep(300); // a re-push claimed just before the ack may still land; count after it
        int frames = connector.framesFor(roomId).size();
        sleep(1500); // several re-push periods of the test profile: nothing more is owed
        assertThat(connector.framesFor(roomId)).hasSize(frames);
    }

    @Test
    void pushesAgainAfterAMissedAckUntilTheAnchorAcks() {
        String roomId = GiftSendTest.unique("repush");
        TestAnchor anchor = anchorIn(roomId);
        anchor.ackDropRate(1.0); // every ack lost on the way
        send(roomId);

        Eventually.until(Duration.ofSeconds(10), "a re-push of seq 1", () -> connector.framesFor(roomId).size() >= 3);
        assertThat(serverCursor(roomId)).isZero();
        assertThat(anchor.duplicates.get()).isGreaterThanOrEqualTo(2);
        assertThat(anchor.shownSeqs()).containsExactly(1L);
        assertThat(connector.framesFor(roomId)).allSatisfy(f -> assertThat(f.getGiftPush().getGifts(0).getSeq()).isEqualTo(1));

        anchor.ackDropRate(0);
        Eventually.until(Duration.ofSeconds(10), "the ack after a re-push", () -> serverCursor(roomId) == 1);
        assertThat(anchor.shownSeqs()).containsExactly(1L);
    }

    @Test
    void anchorAbsentFromTheConnectorGetsEveryGiftByPullAfterItConnects() {
        String roomId = GiftSendTest.unique("absent");
        send(roomId);
        send(roomId);
        Eventually.until(Duration.ofSeconds(10), "pushes answered with delivered=0",
                () -> connector.framesFor(roomId).size() >= 2);
        TestAnchor anchor = anchorIn(roomId);
        anchor.pullAll();
        anchor.ack();
        Eventually.until(Duration.ofSeconds(10), "acked", () -> serverCursor(roomId) == 2);
        assertThat(anchor.shownSeqs()).containsExactly(1L, 2L);
    }

    @Test
    void pullAfterAForcedDisconnectDeliversEveryGiftSentWhileAwayExactlyOnce() {
        String roomId = GiftSendTest.unique("away");
        TestAnchor anchor = anchorIn(roomId);
        for (int i = 0; i < 3; i++) {
            send(roomId);
        }
        Eventually.until(Duration.ofSeconds(10), "first three acked", () -> serverCursor(roomId) == 3);

        anchor.cut();
        for (int i = 0; i < 5; i++) {
            send(roomId);
        }
        Eventually.until(Duration.ofSeconds(10), "pushes lost while away",
                () -> connector.framesFor(roomId).size() >= 8);
        assertThat(anchor.contiguous()).isEqualTo(3);
        assertThat(serverCursor(roomId)).isEqualTo(3);

        anchor.restore();
        Eventually.until(Duration.ofSeconds(10), "all eight acked", () -> serverCursor(roomId) == 8);
        assertThat(anchor.shownSeqs()).isEqualTo(LongStream.rangeClosed(1, 8).boxed().toList());
        assertThat(anchor.pulls.get()).isPositive();
    }

    @Test
    void exportsTheGiftChannelMetrics() {
        String roomId = GiftSendTest.unique("metrics");
        anchorIn(roomId);
        send(roomId);
        Eventually.until(Duration.ofSeconds(10), "acked", () -> serverCursor(roomId) == 1);
        String metrics = io.restassured.RestAssured.given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("roomcast_gift_sent_total", "roomcast_gift_pushed_total", "roomcast_gift_acked_total",
                "roomcast_gift_repushed_total", "roomcast_gift_pulled_total", "roomcast_gift_delivery_ratio",
                "roomcast_gift_time_to_ack_seconds{quantile=\"0.99\"", "roomcast_gift_pending_overflow_total");
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static List<Long> seqs(int n) {
        return LongStream.rangeClosed(1, n).boxed().toList();
    }
}
