package dev.roomcast.connector.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.roomcast.connector.support.RoomServiceCredentials;
import dev.roomcast.connector.metrics.ConnectorMetrics;
import dev.roomcast.connector.support.ConnectorCalls;
import dev.roomcast.connector.support.Tokens;
import dev.roomcast.connector.support.WireClient;
import dev.roomcast.proto.v1.ConnectorService;
import dev.roomcast.proto.v1.ErrorCode;
import dev.roomcast.proto.v1.Frame;
import dev.roomcast.proto.v1.KickRequest;
import dev.roomcast.proto.v1.PushBlockReply;
import dev.roomcast.proto.v1.PushBlockRequest;
import dev.roomcast.proto.v1.PushUserRequest;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.grpc.RegisterClientInterceptor;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
class FanOutTest {

    @Inject
    Vertx vertx;

    @Inject
    ConnectorMetrics metrics;

    @GrpcClient("connector")
    @RegisterClientInterceptor(RoomServiceCredentials.class)
    ConnectorService connector;

    @Test
    void writesOneEncodingOfTheBlockToEveryMemberOnBothTransports() {
        List<WireClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 200; i++) {
                // Spread over source addresses: the per-IP limit of the test profile is 100.
                clients.add(WireClient.ws(vertx, "", "127.0.0." + (10 + i % 4)));
                joinFan(clients.get(i), i);
                if (i % 40 == 39) {
                    // Keep the early ones within the test profile's idle limit on a slow machine.
                    clients.forEach(WireClient::sendHeartbeat);
                }
            }
            for (int i = 0; i < 10; i++) {
                clients.add(WireClient.tcp(vertx));
                joinFan(clients.get(clients.size() - 1), 200 + i);
            }
            WireClient json = WireClient.ws(vertx, "?format=json", "127.0.0.1");
            clients.add(json);
            joinFan(json, 300);
            for (WireClient c : clients) {
                // Setting up 211 clients can outlast the test profile's idle limit on a loaded machine.
                assertThat(c.heartbeat()).isTrue();
            }
            ByteString block = ConnectorCalls.block("room:fan", 7, 3200);
            double encodedBefore = metrics.encodedCount();
            PushBlockReply reply = connector.pushBlock(PushBlockRequest.newBuilder().setMcastId("room:fan").setFrame(block).build())
                    .await().atMost(Duration.ofSeconds(10));
            assertThat(reply.getDelivered()).isEqualTo(clients.size());
            assertThat(reply.getDropped()).isZero();
            assertThat(metrics.encodedCount() - encodedBefore).isEqualTo(1.0);
            for (WireClient c : clients) {
                Frame frame = c.next(Frame.KindCase.BLOCK);
                assertThat(frame.getBlock().getBlockSeq()).isEqualTo(7);
                if (c != json) {
                    assertThat(c.raw.get(c.raw.size() - 1)).isEqualTo(block.toByteArray());
                }
            }
            assertThat(json.texts.get(json.texts.size() - 1)).contains("\"blockSeq\":\"7\"");
        } finally {
            clients.forEach(WireClient::close);
        }
    }

    /**
     * A member whose socket stops taking bytes: each block goes to the socket whole while it takes them,
     * then one only in part (the rest queued), then into the queue until its bound drops blocks. Read
     * afterwards, every block that was counted as delivered arrives whole, once and in order.
     */
    @Test
    void aMemberThatStopsReadingGetsEveryDeliveredBlockWholeAndInOrderOnceItReadsAgain() throws Exception {
        try (WireClient slow = WireClient.tcp(vertx)) {
            assertThat(slow.authenticate(Tokens.viewer("partial-reader")).hasAuthOk()).isTrue();
            assertThat(slow.join(2, "partial", false).hasJoinOk()).isTrue();
            slow.pauseReading();
            List<ByteString> pushed = new ArrayList<>();
            int delivered = 0;
            int dropped = 0;
            long lastBeat = System.currentTimeMillis();
            // 60 KB blocks: the kernel's socket buffers take a few MB before the first partial send.
            for (int seq = 1; seq <= 400 && dropped == 0; seq++) {
                ByteString block = ConnectorCalls.block("room:partial", seq, 60_000);
                pushed.add(block);
                PushBlockReply reply = connector.pushBlock(PushBlockRequest.newBuilder().setMcastId("room:partial")
                        .setFrame(block).build()).await().atMost(Duration.ofSeconds(5));
                delivered += reply.getDelivered();
                dropped += reply.getDropped();
                if (System.currentTimeMillis() - lastBeat > 500) {
                    lastBeat = System.currentTimeMillis();
                    slow.sendHeartbeat();
                }
            }
            assertThat(dropped).as("the socket and then the queue filled up").isPositive();
            slow.resumeReading();
            long expectedSeq = 1;
            for (int i = 0; i < delivered; i++) {
                Frame block = slow.next(Frame.KindCase.BLOCK);
                assertThat(block.getBlock().getBlockSeq()).isEqualTo(expectedSeq);
                assertThat(block).isEqualTo(Frame.parseFrom(pushed.get((int) expectedSeq - 1)));
                expectedSeq++;
            }
            assertThat(delivered).isEqualTo(pushed.size() - 1);
            assertThat(slow.isClosed()).isFalse();
        }
    }

    private static void joinFan(WireClient c, int i) {
        assertThat(c.authenticate(Tokens.viewer("fan-" + i)).hasAuthOk()).isTrue();
        assertThat(c.join(2, "fan", false).hasJoinOk()).isTrue();
    }

    @Test
    void globalReachesEveryAuthenticatedConnection() {
        try (WireClient a = WireClient.ws(vertx); WireClient b = WireClient.tcp(vertx); WireClient anon = WireClient.ws(vertx)) {
            a.authenticate(Tokens.viewer("g-a"));
            b.authenticate(Tokens.viewer("g-b"));
            PushBlockReply reply = connector.pushBlock(PushBlockRequest.newBuilder().setMcastId("global")
                    .setFrame(ConnectorCalls.block("global", 1, 10)).build()).await().atMost(Duration.ofSeconds(5));
            assertThat(reply.getDelivered()).isGreaterThanOrEqualTo(2);
            assertThat(a.next(Frame.KindCase.BLOCK).getBlock().getMcastId()).isEqualTo("global");
            assertThat(b.next(Frame.KindCase.BLOCK).getBlock().getMcastId()).isEqualTo("global");
        }
    }

    @Test
    void privatePushReachesOnlyThatUsersConnections() throws Exception {
        try (WireClient phone = WireClient.ws(vertx); WireClient pc = WireClient.tcp(vertx); WireClient other = WireClient.ws(vertx)) {
            phone.authenticate(Tokens.viewer("priv-u"));
            pc.authenticate(Tokens.viewer("priv-u"));
            other.authenticate(Tokens.viewer("priv-other"));
            int delivered = connector.pushUser(PushUserRequest.newBuilder().setUserId("priv-u")
                    .setFrame(ConnectorCalls.block("user:priv-u", 1, 10)).build()).await().atMost(Duration.ofSeconds(5)).getDelivered();
            assertThat(delivered).isEqualTo(2);
            assertThat(phone.next(Frame.KindCase.BLOCK).getBlock().getMcastId()).isEqualTo("user:priv-u");
            assertThat(pc.next(Frame.KindCase.BLOCK).getBlock().getMcastId()).isEqualTo("user:priv-u");
            assertThat(other.poll(Duration.ofMillis(300))).isNull();
        }
    }

    @Test
    void privatePushReachesTheUsersRemainingConnectionAfterAnotherCloses() throws Exception {
        try (WireClient phone = WireClient.ws(vertx); WireClient pc = WireClient.ws(vertx)) {
            phone.authenticate(Tokens.viewer("priv-left"));
            pc.authenticate(Tokens.viewer("priv-left"));
            phone.close();
            // The server sees the close a little later: push until only the remaining connection is counted.
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            long seq = 1;
            int delivered = pushUser("priv-left", seq);
            while (delivered != 1 && System.nanoTime() < deadline) {
                Thread.sleep(50);
                delivered = pushUser("priv-left", ++seq);
            }
            assertThat(delivered).isEqualTo(1);
            assertThat(pc.next(Frame.KindCase.BLOCK).getBlock().getMcastId()).isEqualTo("user:priv-left");
        }
    }

    private int pushUser(String userId, long seq) {
        return connector.pushUser(PushUserRequest.newBuilder().setUserId(userId)
                .setFrame(ConnectorCalls.block("user:" + userId, seq, 10)).build())
                .await().atMost(Duration.ofSeconds(5)).getDelivered();
    }

    @Test
    void kickSendsKickFrameAndClosesWithItsCode() {
        try (WireClient client = WireClient.ws(vertx)) {
            client.authenticate(Tokens.viewer("kicked-u"));
            int closed = connector.kick(KickRequest.newBuilder().setUserId("kicked-u").setCode(ErrorCode.BANNED)
                    .setReason("spam").build()).await().atMost(Duration.ofSeconds(5)).getClosed();
            assertThat(closed).isEqualTo(1);
            Frame kick = client.next();
            assertThat(kick.getKick().getCode()).isEqualTo(ErrorCode.BANNED);
            assertThat(client.awaitClosed(Duration.ofSeconds(5))).isEqualTo(ErrorCode.BANNED_VALUE);
        }
    }
}
