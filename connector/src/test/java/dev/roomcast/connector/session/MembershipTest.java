package dev.roomcast.connector.session;

import static org.assertj.core.api.Assertions.assertThat;


import dev.roomcast.connector.support.RoomServiceCredentials;
import dev.roomcast.connector.support.ConnectorCalls;
import dev.roomcast.connector.support.Eventually;
import dev.roomcast.connector.support.FakeGiftService;
import dev.roomcast.connector.support.FakeRoomService;
import dev.roomcast.connector.support.Tokens;
import dev.roomcast.connector.support.WireClient;
import dev.roomcast.proto.v1.ConnectorService;
import dev.roomcast.proto.v1.ErrorCode;
import dev.roomcast.proto.v1.Frame;
import dev.roomcast.proto.v1.Gift;
import dev.roomcast.proto.v1.GiftAck;
import dev.roomcast.proto.v1.GiftPull;
import dev.roomcast.proto.v1.Heartbeat;
import dev.roomcast.proto.v1.Leave;
import dev.roomcast.proto.v1.PushBlockRequest;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.grpc.RegisterClientInterceptor;
import io.quarkus.grpc.GrpcService;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
class MembershipTest {

    @Inject
    Vertx vertx;

    @Inject
    @GrpcService
    FakeRoomService room;

    @Inject
    @GrpcService
    FakeGiftService gifts;

    @GrpcClient("connector")
    @RegisterClientInterceptor(RoomServiceCredentials.class)
    ConnectorService connector;

    private int push(String mcastId) {
        return connector.pushBlock(PushBlockRequest.newBuilder().setMcastId(mcastId)
                .setFrame(ConnectorCalls.block(mcastId, 1, 100)).build()).await().atMost(Duration.ofSeconds(5)).getDelivered();
    }

    @Test
    void joinRegistersWithRoomServiceAndAnswersJoinOk() {
        try (WireClient client = WireClient.ws(vertx)) {
            String connectionId = client.authenticate(Tokens.viewer("jo")).getAuthOk().getConnectionId();
            Frame ok = client.join(2, "m-join", false);
            assertThat(ok.getReqId()).isEqualTo(2);
            assertThat(ok.getJoinOk().getRoomId()).isEqualTo("m-join");
            assertThat(ok.getJoinOk().getOnlineCount()).isEqualTo(1);
            assertThat(ok.getJoinOk().getPollIntervalMs()).isEqualTo(1500);
            assertThat(ok.getJoinOk().getHeartbeatIntervalMs()).isEqualTo(10_000).isLessThan(30_000);
            assertThat(ok.getJoinOk().getLastMsgId()).isEqualTo(42);
            assertThat(ok.getJoinOk().getGiftChannel()).isFalse();
            assertThat(room.joins).anyMatch(j -> j.getMcastId().equals("room:m-join")
                    && j.getConnectionId().equals(connectionId) && j.getUserId().equals("jo")
                    && j.getConnectorId().equals("connector-test"));
            assertThat(push("room:m-join")).isEqualTo(1);
            assertThat(client.next(Frame.KindCase.BLOCK).getBlock().getMcastId()).isEqualTo("room:m-join");
        }
    }

    @Test
    void leaveUndoesTheJoinLocallyAndAtRoomService() {
        try (WireClient client = WireClient.tcp(vertx)) {
            String connectionId = client.authenticate(Tokens.viewer("lea")).getAuthOk().getConnectionId();
            client.join(2, "m-leave", false);
            client.send(Frame.newBuilder().setReqId(3).setLeave(Leave.newBuilder().setRoomId("m-leave")).build());
            Frame ok = client.next();
            assertThat(ok.getLeaveOk().getRoomId()).as("frame %s", ok).isEqualTo("m-leave");
            Eventually.until(Duration.ofSeconds(5), () -> room.left("room:m-leave", connectionId));
            assertThat(push("room:m-leave")).isZero();
        }
    }

    @Test
    void disconnectLeavesEveryMcastAtRoomService() {
        WireClient client = WireClient.ws(vertx);
        String connectionId = client.authenticate(Tokens.anchor("ann", "m-disc")).getAuthOk().getConnectionId();
        client.join(2, "m-disc", true);
        client.join(3, "m-disc-2", false);
        client.close();
        Eventually.until(Duration.ofSeconds(5), () -> room.left("room:m-disc", connectionId)
                && room.left("gift:m-disc", connectionId) && room.left("room:m-disc-2", connectionId));
        assertThat(push("room:m-disc")).isZero();
        assertThat(push("gift:m-disc")).isZero();
    }

    @Test
    void anchorJoinsItsGiftChannel() {
        try (WireClient client = WireClient.ws(vertx)) {
            client.authenticate(Tokens.anchor("ana", "m-gift"));
            Frame ok = client.join(2, "m-gift", true);
            assertThat(ok.getJoinOk().getGiftChannel()).isTrue();
            assertThat(push("gift:m-gift")).isEqualTo(1);
        }
    }

    @Test
    void viewerAskingForGiftChannelGetsNotAllowed() {
        try (WireClient client = WireClient.ws(vertx)) {
            client.authenticate(Tokens.viewer("vic"));
            Frame error = client.join(2, "m-gift-v", true);
            assertThat(error.getError().getCode()).isEqualTo(ErrorCode.NOT_ALLOWED);
            assertThat(room.joins).noneMatch(j -> j.getMcastId().endsWith("m-gift-v"));
            assertThat(push("gift:m-gift-v")).isZero();
        }
    }

    @Test
    void anchorOfAnotherRoomGetsNotAllowedForThisGiftChannel() {
        try (WireClient client = WireClient.tcp(vertx)) {
            client.authenticate(Tokens.anchor("other", "m-elsewhere"));
            assertThat(client.join(2, "m-gift-o", true).getError().getCode()).isEqualTo(ErrorCode.NOT_ALLOWED);
        }
    }

    @Test
    void roomServiceUnavailableAnswersUnavailableAndKeepsNoHalfJoin() {
        room.failingMcasts.add("gift:m-half");
        try (WireClient client = WireClient.ws(vertx)) {
            String connectionId = client.authenticate(Tokens.anchor("hal", "m-half")).getAuthOk().getConnectionId();
            Frame error = client.join(2, "m-half", true);
            assertThat(error.getError().getCode()).isEqualTo(ErrorCode.UNAVAILABLE);
            // room:m-half succeeded at room-service before gift:m-half failed: a correction undid it.
            Eventually.until(Duration.ofSeconds(5), () -> room.corrections.stream()
                    .anyMatch(c -> c.getMcastId().equals("room:m-half") && c.getMembersAfter() == 0));
            assertThat(room.members("room:m-half")).isZero();
            assertThat(push("room:m-half")).isZero();
        } finally {
            room.failingMcasts.clear();
        }
    }

    @Test
    void limitsRoomsPerConnection() {
        try (WireClient client = WireClient.ws(vertx)) {
            client.authenticate(Tokens.viewer("many"));
            for (int i = 0; i < 3; i++) {
                assertThat(client.join(10 + i, "m-many-" + i, false).hasJoinOk()).isTrue();
            }
            assertThat(client.join(20, "m-many-4", false).getError().getCode()).isEqualTo(ErrorCode.TOO_MANY_ROOMS);
        }
    }

    @Test
    void rejectsMalformedRoomId() {
        try (WireClient client = WireClient.ws(vertx)) {
            client.authenticate(Tokens.viewer("bad"));
            assertThat(client.join(2, "", false).getError().getCode()).isEqualTo(ErrorCode.BAD_ROOM);
            assertThat(client.join(3, "a b/c", false).getError().getCode()).isEqualTo(ErrorCode.BAD_ROOM);
        }
    }

    @Test
    void leavingARoomNotJoinedAnswersNotJoined() {
        try (WireClient client = WireClient.ws(vertx)) {
            client.authenticate(Tokens.viewer("nj"));
            client.send(Frame.newBuilder().setReqId(4).setLeave(Leave.newBuilder().setRoomId("m-never")).build());
            assertThat(client.next().getError().getCode()).isEqualTo(ErrorCode.NOT_JOINED);
        }
    }

    @Test
    void relaysGiftAckAndAnswersGiftPullWithGiftPush() {
        gifts.ledger.put("m-relay", List.of(
                Gift.newBuilder().setRoomId("m-relay").setSeq(1).setOrderId("o1").build(),
                Gift.newBuilder().setRoomId("m-relay").setSeq(2).setOrderId("o2").build(),
                Gift.newBuilder().setRoomId("m-relay").setSeq(3).setOrderId("o3").build()));
        try (WireClient client = WireClient.tcp(vertx)) {
            client.authenticate(Tokens.anchor("relay", "m-relay"));
            client.send(Frame.newBuilder().setReqId(2).setGiftAck(GiftAck.newBuilder().setRoomId("m-relay").setSeq(1)).build());
            Eventually.until(Duration.ofSeconds(5), () -> gifts.acks.stream()
                    .anyMatch(a -> a.getRoomId().equals("m-relay") && a.getSeq() == 1 && a.getAnchorUserId().equals("relay")));
            client.send(Frame.newBuilder().setReqId(3).setGiftPull(GiftPull.newBuilder().setRoomId("m-relay").setAfterSeq(1)).build());
            Frame push = client.next();
            assertThat(push.getReqId()).isEqualTo(3);
            assertThat(push.getGiftPush().getGiftsList()).extracting(Gift::getSeq).containsExactly(2L, 3L);
            assertThat(push.getGiftPush().getAckedSeq()).isEqualTo(1);
        }
    }

    @Test
    void anchorAckingAGiftBurstIsNeverRateLimited() {
        try (WireClient client = WireClient.ws(vertx)) {
            client.authenticate(Tokens.anchor("bursty", "m-burst"));
            // One ack per pushed gift: far above the viewer budget (20 frames/s, burst 40).
            for (int seq = 1; seq <= 300; seq++) {
                client.send(Frame.newBuilder().setGiftAck(GiftAck.newBuilder().setRoomId("m-burst").setSeq(seq)).build());
            }
            Eventually.until(Duration.ofSeconds(10), () -> gifts.acks.stream()
                    .anyMatch(a -> a.getRoomId().equals("m-burst") && a.getSeq() == 300));
            // Still open and serving: a heartbeat is echoed, no Error frame came before it.
            client.send(Frame.newBuilder().setReqId(7).setHeartbeat(Heartbeat.newBuilder().setClientTimeMs(1)).build());
            Frame echo = client.next();
            assertThat(echo.hasError()).as("error %s", echo).isFalse();
            assertThat(echo.getReqId()).isEqualTo(7);
        }
    }

    @Test
    void repeatedStaleAcksStillCountAgainstTheRateLimit() {
        try (WireClient client = WireClient.ws(vertx)) {
            client.authenticate(Tokens.anchor("stale", "m-stale"));
            for (int i = 0; i < 60; i++) {
                client.send(Frame.newBuilder().setReqId(100 + i)
                        .setGiftAck(GiftAck.newBuilder().setRoomId("m-stale").setSeq(1)).build());
            }
            Frame f = client.next();
            assertThat(f.hasError()).isTrue();
            assertThat(f.getError().getCode()).isEqualTo(ErrorCode.RATE_LIMITED);
        }
    }

    @Test
    void viewerCannotAckOrPullGifts() {
        try (WireClient client = WireClient.ws(vertx)) {
            client.authenticate(Tokens.viewer("sneaky"));
            client.send(Frame.newBuilder().setReqId(2).setGiftPull(GiftPull.newBuilder().setRoomId("m-relay")).build());
            assertThat(client.next().getError().getCode()).isEqualTo(ErrorCode.NOT_ALLOWED);
            client.send(Frame.newBuilder().setReqId(3).setGiftAck(GiftAck.newBuilder().setRoomId("m-relay").setSeq(9)).build());
            assertThat(client.next().getError().getCode()).isEqualTo(ErrorCode.NOT_ALLOWED);
        }
    }
}
