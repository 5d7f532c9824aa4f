package dev.roomcast.gift;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roomcast.devstack.RoomcastServersResource;
import dev.roomcast.gift.fakes.FakeConnectorState;
import dev.roomcast.gift.fakes.TestAnchor;
import dev.roomcast.proto.v1.MutinyGiftServiceGrpc;
import dev.roomcast.proto.v1.PullGiftsRequest;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Multi;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * The fault scenario: 1,000 gifts to one room while the anchor's connection is cut and restored
 * several times (pushes lost during a cut, 10% of acks lost throughout), the anchor pulling after each
 * restore. Ends with every gift acknowledged, shown in order, none twice. Writes its figures to
 * {@code target/gift-fault.json} (time to ack p50/p99 at the anchor, re-pushes, pulls, duplicates).
 */
@QuarkusTest
@QuarkusTestResource(value = RoomcastServersResource.class,
        initArgs = @ResourceArg(name = "redis-db", value = "3"))
class GiftFaultTest {

    private static final int GIFTS = 1000;
    private static final int CUTS = 6;
    /** {@code -Dgift.fault.mode=baseline}: same load, no cuts, no lost acks (the side-by-side reference). */
    private static final boolean BASELINE = "baseline".equals(System.getProperty("gift.fault.mode"));

    @GrpcClient("gift")
    MutinyGiftServiceGrpc.MutinyGiftServiceStub gifts;

    @Inject
    FakeConnectorState connector;

    @Test
    void thousandGiftsThroughRepeatedCutsAreAllAcknowledgedInOrderAndShownOnce() throws Exception {
        String roomId = GiftSendTest.unique("fault");
        var stub = Tokens.withService(gifts);
        TestAnchor anchor = new TestAnchor(roomId, "anchor-fault", stub);
        anchor.ackDropRate(BASELINE ? 0 : 0.10);
        connector.anchors.put(roomId, anchor);
        long started = System.nanoTime();
        List<Long> sendMs = java.util.Collections.synchronizedList(new ArrayList<>());

        CompletableFuture<List<Long>> sending = CompletableFuture.supplyAsync(() -> Multi.createFrom().range(0, GIFTS)
                .onItem().transformToUni(i -> {
                    long t0 = System.nanoTime();
                    return stub.sendGift(GiftSendTest.gift(GiftSendTest.unique("f" + i), roomId, 1, 10))
                            .invoke(() -> sendMs.add((System.nanoTime() - t0) / 1_000_000));
                })
                .merge(8)
                .map(reply -> reply.getGift().getSeq())
                .collect().asList()
                .await().atMost(Duration.ofMinutes(3)));

        Random random = new Random(7);
        int cuts = 0;
        while (!BASELINE && (cuts < CUTS || !sending.isDone())) {
            AnchorDeliveryTest.sleep(150 + random.nextInt(300));
            anchor.cut();
            cuts++;
            AnchorDeliveryTest.sleep(200 + random.nextInt(500));
            anchor.restore();
        }
        List<Long> sentSeqs = sending.get();
        double sendSeconds = (System.nanoTime() - started) / 1e9;
        assertThat(sentSeqs.stream().sorted().toList()).isEqualTo(LongStream.rangeClosed(1, GIFTS).boxed().toList());

        Eventually.until(Duration.ofSeconds(90), "all " + GIFTS + " acknowledged", () -> cursor(roomId) == GIFTS);
        double totalSeconds = (System.nanoTime() - started) / 1e9;

        assertThat(anchor.shownSeqs()).isEqualTo(LongStream.rangeClosed(1, GIFTS).boxed().toList());
        assertThat(anchor.contiguous()).isEqualTo(GIFTS);
        Eventually.until(Duration.ofSeconds(10), "the anchor saw the final ack", () -> anchor.serverAcked() == GIFTS);

        List<Long> latencies = new ArrayList<>(anchor.ackLatenciesMs());
        latencies.sort(null);
        assertThat(latencies).hasSize(GIFTS);
        List<Long> sortedSends = new ArrayList<>(sendMs);
        sortedSends.sort(null);
        // Per room, from what the connector was asked to push: every gift pushed beyond its first push.
        long extraPushed = connector.giftsPushedTo(roomId) - GIFTS;
        String report = String.format(Locale.ROOT,
                "{\"mode\":\"%s\",\"gifts\":%d,\"cuts\":%d,\"sendSeconds\":%.2f,\"allAckedSeconds\":%.2f,"
                        + "\"sendMs\":{\"p50\":%d,\"p99\":%d},"
                        + "\"timeToAckMs\":{\"p50\":%d,\"p90\":%d,\"p99\":%d,\"max\":%d},"
                        + "\"giftsRepushed\":%d,\"pushFramesLost\":%d,\"pulls\":%d,\"duplicatesReceived\":%d,"
                        + "\"duplicatesShown\":0,\"acksSent\":%d,\"acksDropped\":%d}",
                BASELINE ? "baseline" : "fault", GIFTS, cuts, sendSeconds, totalSeconds, pct(sortedSends, 0.50), pct(sortedSends, 0.99),
                pct(latencies, 0.50), pct(latencies, 0.90), pct(latencies, 0.99), latencies.get(latencies.size() - 1),
                extraPushed, connector.droppedFor(roomId), anchor.pulls.get(), anchor.duplicates.get(),
                anchor.acksSent.get(), anchor.acksDropped.get());
        System.out.println("GIFT-FAULT " + report);
        Files.writeString(Path.of("target", BASELINE ? "gift-baseline.json" : "gift-fault.json"), report + "\n");
        assertThat(cuts).isGreaterThanOrEqualTo(BASELINE ? 0 : CUTS);
    }

    private long cursor(String roomId) {
        return Tokens.withService(gifts).pullGifts(PullGiftsRequest.newBuilder().setRoomId(roomId).setLimit(1).build())
                .await().atMost(Duration.ofSeconds(10)).getAckedSeq();
    }

    private static long pct(List<Long> sorted, double q) {
        int index = (int) Math.ceil(q * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

}
