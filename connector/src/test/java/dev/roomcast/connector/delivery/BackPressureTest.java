package dev.roomcast.connector.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.roomcast.connector.support.RoomServiceCredentials;
import dev.roomcast.connector.support.ConnectorCalls;
import dev.roomcast.connector.support.Tokens;
import dev.roomcast.connector.support.WireClient;
import dev.roomcast.proto.v1.ConnectorService;
import dev.roomcast.proto.v1.Frame;
import dev.roomcast.proto.v1.Heartbeat;
import dev.roomcast.proto.v1.PushBlockReply;
import dev.roomcast.proto.v1.PushBlockRequest;
import dev.roomcast.proto.v1.PushGiftRequest;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.grpc.RegisterClientInterceptor;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

@QuarkusTest
class BackPressureTest {

    @Inject
    Vertx vertx;

    @Inject
    MeterRegistry registry;

    @GrpcClient("connector")
    @RegisterClientInterceptor(RoomServiceCredentials.class)
    ConnectorService connector;

    @Test
    void dropsBlocksForASlowConsumerThenClosesItWithSlowButNeverDropsGifts() throws Exception {
        try (WireClient slow = WireClient.tcp(vertx); WireClient fast = WireClient.ws(vertx)) {
            assertThat(slow.authenticate(Tokens.anchor("slow-anchor", "bp")).getKindCase()).isEqualTo(Frame.KindCase.AUTH_OK);
            assertThat(fast.authenticate(Tokens.viewer("fast")).getKindCase()).isEqualTo(Frame.KindCase.AUTH_OK);
            assertThat(slow.join(2, "bp", true).hasJoinOk()).isTrue();
            assertThat(fast.join(2, "bp", false).hasJoinOk()).isTrue();
            slow.pauseReading();
            ByteString block = ConnectorCalls.block("room:bp", 1, 200_000);
            int dropped = 0;
            int giftsDelivered = 0;
            long lastBeat = 0;
            long deadline = System.currentTimeMillis() + 8000;
            // Socket buffers absorb a few MB first; then the bounded queue (256 KiB in tests) fills.
            while (!slow.isClosed() && System.currentTimeMillis() < deadline) {
                PushBlockReply reply = connector.pushBlock(PushBlockRequest.newBuilder().setMcastId("room:bp").setFrame(block).build())
                        .await().atMost(Duration.ofSeconds(5));
                dropped += reply.getDropped();
                if (dropped > 0 && giftsDelivered == 0) {
                    // The queue is full now: a gift push must still be queued for the anchor.
                    giftsDelivered = connector.pushGift(PushGiftRequest.newBuilder().setRoomId("bp")
                            .setFrame(ConnectorCalls.block("gift:bp", 1, 10)).build()).await().atMost(Duration.ofSeconds(5)).getDelivered();
                }
                while (fast.poll(Duration.ZERO) != null) {
                    // the fast member keeps up
                }
                if (System.currentTimeMillis() - lastBeat > 500) {
                    // Both stay within the idle limit: only the full queue may close the slow one.
                    lastBeat = System.currentTimeMillis();
                    slow.send(Frame.newBuilder().setHeartbeat(Heartbeat.getDefaultInstance()).build());
                    fast.send(Frame.newBuilder().setHeartbeat(Heartbeat.getDefaultInstance()).build());
                }
            }
            assertThat(dropped).isPositive();
            assertThat(giftsDelivered).isEqualTo(1);
            slow.resumeReading();
            slow.awaitClosed(Duration.ofSeconds(10));
            assertThat(registry.find("roomcast.connector.closes").tag("code", "SLOW").counter().count()).isGreaterThanOrEqualTo(1);
            assertThat(registry.find("roomcast.connector.drops").tag("reason", "queue_full").counter().count()).isPositive();
            assertThat(fast.isClosed()).isFalse();
        }
    }
}
