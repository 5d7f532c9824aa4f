package dev.roomcast.client.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roomcast.client.ClientConfig;
import dev.roomcast.client.ClientListener;
import dev.roomcast.client.ClientRuntime;
import dev.roomcast.client.ConnectionState;
import dev.roomcast.client.RoomcastClient;
import dev.roomcast.client.TransportKind;
import dev.roomcast.proto.v1.ErrorCode;
import dev.roomcast.proto.v1.Frame;
import dev.roomcast.proto.v1.Gift;
import dev.roomcast.proto.v1.Message;
import dev.roomcast.proto.v1.MessageType;
import dev.roomcast.proto.v1.Reconnect;
import dev.roomcast.proto.v1.SwitchToPolling;
import dev.roomcast.proto.v1.SwitchToPush;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The client against {@link LocalRoomcast}: real sockets and HTTP, the server scripted per scenario. */
class ClientOverNetworkTest {

    private static final String ROOM = "42";

    private Vertx vertx;
    private LocalRoomcast server;
    private ClientRuntime runtime;
    private final Recorder app = new Recorder();
    private final List<RoomcastClient> clients = new CopyOnWriteArrayList<>();

    static final class Recorder implements ClientListener {
        final List<Long> msgIds = new CopyOnWriteArrayList<>();
        final List<Long> giftSeqs = new CopyOnWriteArrayList<>();
        final List<ConnectionState> states = new CopyOnWriteArrayList<>();

        @Override
        public void onMessages(String roomId, List<Message> messages) {
            messages.forEach(m -> msgIds.add(m.getMsgId()));
        }

        @Override
        public void onGifts(String roomId, List<Gift> gifts) {
            gifts.forEach(g -> giftSeqs.add(g.getSeq()));
        }

        @Override
        public void onStateChanged(ConnectionState state, String detail) {
            states.add(state);
        }
    }

    static Message msg(long id) {
        return Message.newBuilder().setRoomId(ROOM).setMsgId(id).setType(MessageType.CHAT).setBody("弹幕 " + id + " 😀")
                .setCreatedAtMs(System.currentTimeMillis()).build();
    }

    static List<Message> msgs(long... ids) {
        return LongStream.of(ids).mapToObj(ClientOverNetworkTest::msg).toList();
    }

    static Gift gift(long seq) {
        return Gift.newBuilder().setRoomId(ROOM).setSeq(seq).setOrderId("order-" + seq).setTotalValue(100).build();
    }

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        server = new LocalRoomcast(vertx, "c1").start();
        runtime = ClientRuntime.create(1);
    }

    @AfterEach
    void stop() {
        clients.forEach(RoomcastClient::close);
        runtime.close();
        server.close();
        vertx.close();
    }

    private RoomcastClient client(TransportKind transport) {
        return client(transport, true);
    }

    private RoomcastClient client(TransportKind transport, boolean pollWhileDisconnected) {
        RoomcastClient client = runtime.newClient(ClientConfig.builder(server.baseUrl()).transport(transport).token("t")
                .mailboxUrl(server.baseUrl()).giftUrl(server.baseUrl()).backoffMillis(50, 200)
                .pollWhileDisconnected(pollWhileDisconnected).build(), app);
        clients.add(client);
        return client;
    }

    private Frame nextReceived(Frame.KindCase kind) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 5000;
        while (System.currentTimeMillis() < deadline) {
            Frame f = server.received.poll(100, TimeUnit.MILLISECONDS);
            if (f != null && f.getKindCase() == kind) {
                return f;
            }
        }
        throw new AssertionError("no " + kind + " frame received");
    }

    @ParameterizedTest
    @EnumSource(TransportKind.class)
    void viewerSeesRecentHistoryThenLiveMessagesEachOnce(TransportKind transport) throws Exception {
        server.mailbox.addAll(msgs(1, 2, 3));
        RoomcastClient client = client(transport);
        client.connect();
        assertThat(client.join(ROOM).toCompletableFuture().get(5, TimeUnit.SECONDS)).isEqualTo(1);
        Eventually.until("app.msgIds.size() == 3", () -> app.msgIds.size() == 3);
        server.pushBlock(ROOM, msgs(3, 5, 4));          // 3 overlaps history; priority order, not id order
        Eventually.until("app.msgIds.size() == 5", () -> app.msgIds.size() == 5);
        assertThat(app.msgIds).containsExactly(1L, 2L, 3L, 5L, 4L);
        assertThat(client.stats().duplicates()).isEqualTo(1);
        assertThat(client.stats().wireBytes()).isPositive();
    }

    @Test
    void afterASlowDisconnectRecoversMissedMessagesFromTheMailboxBeforeLiveOnes() throws Exception {
        server.mailbox.addAll(msgs(1, 2, 3));
        RoomcastClient client = client(TransportKind.TCP, false);
        client.connect();
        client.join(ROOM).toCompletableFuture().get(5, TimeUnit.SECONDS);
        Eventually.until("app.msgIds.size() == 3", () -> app.msgIds.size() == 3);
        server.received.clear();

        server.closeAll(ErrorCode.SLOW);
        server.mailbox.addAll(msgs(4, 5));               // published while the client was away
        Frame rejoin = nextReceived(Frame.KindCase.JOIN);
        assertThat(rejoin.getJoin().getLastMsgId()).isEqualTo(3);
        Eventually.until("app.msgIds.size() >= 5", () -> app.msgIds.size() >= 5);
        server.pushBlock(ROOM, msgs(5, 6));
        Eventually.until("app.msgIds.size() == 6", () -> app.msgIds.size() == 6);
        assertThat(app.msgIds).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(client.stats().connects()).isEqualTo(2);
        assertThat(app.states).contains(ConnectionState.RECONNECTING);
    }

    @Test
    void pollsTheMailboxWhileDisconnectedSoNothingWaitsForTheReconnect() throws Exception {
        RoomcastClient client = client(TransportKind.WEBSOCKET);
        client.connect();
        client.join(ROOM).toCompletableFuture().get(5, TimeUnit.SECONDS);
        server.refuseAuth = true;
        server.closeAll(ErrorCode.SHUTDOWN);
        server.mailbox.addAll(msgs(1, 2));
        Eventually.until("messages by polling while down", () -> app.msgIds.size() == 2);
        assertThat(client.state()).isNotEqualTo(ConnectionState.CONNECTED);
        server.refuseAuth = false;
        server.mailbox.addAll(msgs(3));
        Eventually.until("reconnected", () -> client.state() == ConnectionState.CONNECTED);
        Eventually.until("3 by recovery", () -> app.msgIds.size() == 3);
        server.pushBlock(ROOM, msgs(2, 3, 4));
        Eventually.until("4 live", () -> app.msgIds.size() == 4);
        assertThat(app.msgIds).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void terminalCodeStopsReconnecting() throws Exception {
        RoomcastClient client = client(TransportKind.WEBSOCKET);
        client.connect();
        client.join(ROOM).toCompletableFuture().get(5, TimeUnit.SECONDS);
        server.closeAll(ErrorCode.UNAUTHORIZED);
        Eventually.until("client.state() == ConnectionState.CLOSED", () -> client.state() == ConnectionState.CLOSED);
        server.received.clear();
        Thread.sleep(600);                                // several back-off periods
        assertThat(server.received).noneMatch(Frame::hasAuth);
        assertThat(client.stats().connects()).isEqualTo(1);
    }

    @Test
    void switchToPollingKeepsMessagesFlowingAndHidesTheSource() throws Exception {
        server.mailbox.addAll(msgs(1));
        RoomcastClient client = client(TransportKind.WEBSOCKET);
        client.connect();
        client.join(ROOM).toCompletableFuture().get(5, TimeUnit.SECONDS);
        Eventually.until("app.msgIds.size() == 1", () -> app.msgIds.size() == 1);
        server.sendAll(Frame.newBuilder().setSwitchToPolling(SwitchToPolling.newBuilder().setRoomId(ROOM)
                .setPollIntervalMs(50).setCursor(1)).build());
        Eventually.until("client.polling(ROOM).toCompletableFuture().get()", () -> client.polling(ROOM).toCompletableFuture().get());
        server.mailbox.addAll(msgs(2, 3));                // no block: only polling can bring them
        Eventually.until("app.msgIds.size() == 3", () -> app.msgIds.size() == 3);
        server.pushBlock(ROOM, msgs(3));                  // a straggling push of a polled message
        Thread.sleep(200);
        assertThat(app.msgIds).containsExactly(1L, 2L, 3L);
        assertThat(client.stats().polls()).isPositive();
    }

    @Test
    void afterTheSwitchBackPushedMessagesFlowAtOnceWhileRefusedSettlePollsAreTriedAgain() throws Exception {
        server.mailbox.addAll(msgs(1));
        RoomcastClient client = client(TransportKind.WEBSOCKET);
        client.connect();
        client.join(ROOM).toCompletableFuture().get(5, TimeUnit.SECONDS);
        Eventually.until("app.msgIds.size() == 1", () -> app.msgIds.size() == 1);
        server.sendAll(Frame.newBuilder().setSwitchToPolling(SwitchToPolling.newBuilder().setRoomId(ROOM)
                .setPollIntervalMs(50).setCursor(1)).build());
        server.mailbox.addAll(msgs(2, 3));                // persisted, never pushed: the first poll brings them
        Eventually.until("app.msgIds.size() == 3", () -> app.msgIds.size() == 3);
        assertThat(server.rangeReads.get()).as("no timeline read at the switch: the hot window answers").isZero();
        server.failPolls.set(2);
        server.sendAll(Frame.newBuilder().setSwitchToPush(SwitchToPush.newBuilder().setRoomId(ROOM).setSettleMs(20))
                .build());
        Eventually.until("push again", () -> !client.polling(ROOM).toCompletableFuture().get());
        server.mailbox.addAll(msgs(4));                   // persisted between the last poll and the push
        server.pushBlock(ROOM, msgs(5));
        Eventually.until("5 pushed, not held behind the settle", () -> app.msgIds.contains(5L));
        Eventually.until("4 by a settle poll after two refusals", () -> app.msgIds.size() == 5);
        assertThat(app.msgIds).containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L);
        assertThat(client.stats().pollFailures()).isGreaterThanOrEqualTo(2);
        assertThat(server.rangeReads.get()).as("the settle reads the hot window, not the timeline").isZero();
    }

    @Test
    void aPollClampedToTheHotWindowIsFilledInFromTheRange() throws Exception {
        server.mailbox.addAll(msgs(1));
        RoomcastClient client = client(TransportKind.WEBSOCKET);
        client.connect();
        client.join(ROOM).toCompletableFuture().get(5, TimeUnit.SECONDS);
        Eventually.until("app.msgIds.size() == 1", () -> app.msgIds.size() == 1);
        server.sendAll(Frame.newBuilder().setSwitchToPolling(SwitchToPolling.newBuilder().setRoomId(ROOM)
                .setPollIntervalMs(300).setCursor(1)).build());
        Eventually.until("client.polling(ROOM)", () -> client.polling(ROOM).toCompletableFuture().get());
        server.hotWindow = 2;
        server.mailbox.addAll(msgs(2, 3, 4, 5, 6));       // between two polls, more than the hot window holds
        Eventually.until("app.msgIds.size() == 6", () -> app.msgIds.size() == 6);
        assertThat(app.msgIds).containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L, 6L);
    }

    @Test
    void aFailedRangeReadOvertakenByANewerOneIsStillTriedAgain() throws Exception {
        server.mailbox.addAll(msgs(1));
        RoomcastClient client = client(TransportKind.WEBSOCKET);
        client.connect();
        client.join(ROOM).toCompletableFuture().get(5, TimeUnit.SECONDS);
        Eventually.until("app.msgIds.size() == 1", () -> app.msgIds.size() == 1);
        server.sendAll(Frame.newBuilder().setSwitchToPolling(SwitchToPolling.newBuilder().setRoomId(ROOM)
                .setPollIntervalMs(100).setCursor(1)).build());
        Eventually.until("client.polling(ROOM)", () -> client.polling(ROOM).toCompletableFuture().get());
        server.hotWindow = 2;
        server.failRangeReads.set(1);
        server.mailbox.addAll(msgs(2, 3, 4, 5, 6));        // the next poll is clamped: its range read (after 1) fails
        Eventually.until("the first range read was refused", () -> server.failRangeReads.get() == 0);
        server.mailbox.addAll(msgs(7, 8, 9, 10, 11));      // the poll after: a newer range read (after 6) succeeds
        Eventually.until("app.msgIds.size() == 11", () -> app.msgIds.size() == 11);
        assertThat(app.msgIds).containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L);
        assertThat(client.stats().recoveryRetries()).isPositive();
    }

    @Test
    void switchToPushStopsPollingAndReadsTheGapOnceWithoutDuplicates() throws Exception {
        server.mailbox.addAll(msgs(1));
        RoomcastClient client = client(TransportKind.WEBSOCKET);
        client.connect();
        client.join(ROOM).toCompletableFuture().get(5, TimeUnit.SECONDS);
        Eventually.until("1 from history", () -> app.msgIds.size() == 1);
        server.sendAll(Frame.newBuilder().setSwitchToPolling(SwitchToPolling.newBuilder().setRoomId(ROOM)
                .setPollIntervalMs(50).setCursor(1)).build());
        Eventually.until("polling", () -> client.polling(ROOM).toCompletableFuture().get());
        server.mailbox.addAll(msgs(2));
        Eventually.until("2 polled", () -> app.msgIds.size() == 2);
        server.sendAll(Frame.newBuilder().setSwitchToPush(SwitchToPush.newBuilder().setRoomId(ROOM).setSettleMs(150))
                .build());
        Eventually.until("push again", () -> !client.polling(ROOM).toCompletableFuture().get());
        server.mailbox.addAll(msgs(3));                   // persisted, never pushed: only the settle read brings it
        server.pushBlock(ROOM, msgs(4));
        Eventually.until("3 by the settle read, 4 pushed", () -> app.msgIds.size() == 4);
        server.pushBlock(ROOM, msgs(4));                  // a repeated push is dropped by msgId
        Thread.sleep(200);
        assertThat(app.msgIds).containsExactlyInAnyOrder(1L, 2L, 3L, 4L);
        assertThat(client.stats().switchesToPoll()).isEqualTo(1);
        assertThat(client.stats().switchesToPush()).isEqualTo(1);
    }

    @Test
    void anchorGetsEveryGiftOnceThroughGapsRepushesAndPulls() throws Exception {
        RoomcastClient client = client(TransportKind.TCP);
        client.connect();
        client.joinAsAnchor(ROOM, 0).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(nextReceived(Frame.KindCase.GIFT_PULL).getGiftPull().getAfterSeq()).as("pull on join").isZero();

        server.gifts.addAll(List.of(gift(1), gift(2), gift(3), gift(4)));
        server.sendAll(LocalRoomcast.giftPush(ROOM, List.of(gift(1), gift(2))));
        server.sendAll(LocalRoomcast.giftPush(ROOM, List.of(gift(4))));              // 3 lost on the way
        Frame pull = nextReceived(Frame.KindCase.GIFT_PULL);
        assertThat(pull.getGiftPull().getAfterSeq()).isEqualTo(2);
        Eventually.until("app.giftSeqs.size() == 4", () -> app.giftSeqs.size() == 4);
        server.sendAll(LocalRoomcast.giftPush(ROOM, List.of(gift(2), gift(3))));    // re-push after a lost ack
        Eventually.until("lastAck() == 4", () -> lastAck() == 4);
        assertThat(app.giftSeqs).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void anchorPullsGiftsOverRestWhileTheConnectionIsDownAndNeverTwice() throws Exception {
        server.gifts.add(gift(1));
        RoomcastClient client = client(TransportKind.WEBSOCKET);
        client.connect();
        client.joinAsAnchor(ROOM, 0).toCompletableFuture().get(5, TimeUnit.SECONDS);
        Eventually.until("gift 1 by pull on join", () -> app.giftSeqs.size() == 1);

        server.refuseAuth = true;                         // the connector is unusable, REST still answers
        server.closeAll(ErrorCode.SHUTDOWN);
        server.gifts.add(gift(2));
        Eventually.until("gift 2 over REST", () -> app.giftSeqs.size() == 2);
        Eventually.until("acked over REST", () -> server.restAcks.contains(2L));
        assertThat(client.state()).isNotEqualTo(ConnectionState.CONNECTED);

        server.gifts.add(gift(3));
        server.refuseAuth = false;
        Eventually.until("reconnected", () -> client.state() == ConnectionState.CONNECTED);
        Eventually.until("gift 3 by pull after rejoin", () -> app.giftSeqs.size() == 3);
        Thread.sleep(300);
        assertThat(app.giftSeqs).containsExactly(1L, 2L, 3L);
    }

    /**
     * A fresh install trusting the server's cursor in a room whose anchor already showed gifts 1-3:
     * gift-service's live push (its in-memory cursor says 0, as after a restart) arrives before the
     * answer to the anchor's pull. The app must get gifts 4 and 5 only, once each.
     */
    @Test
    void anchorTrustingTheServerCursorTakesItFromThePullAnswerNotFromAStaleLivePush() throws Exception {
        server.gifts.addAll(List.of(gift(1), gift(2), gift(3), gift(4)));
        server.giftAckedSeq = 3;
        server.holdPullAnswers = true;
        RoomcastClient client = client(TransportKind.WEBSOCKET);
        client.connect();
        client.joinAsAnchor(ROOM, -1).toCompletableFuture().get(5, TimeUnit.SECONDS);
        Frame pull = nextReceived(Frame.KindCase.GIFT_PULL);
        assertThat(pull.getGiftPull().getAfterSeq()).isZero();
        assertThat(pull.getReqId()).as("the pull carries a request id to match its answer").isPositive();

        server.gifts.add(gift(5));
        server.sendAll(LocalRoomcast.giftPush(ROOM, List.of(gift(5)), 0));   // live push, stale cursor 0
        Thread.sleep(200);
        assertThat(app.giftSeqs).as("nothing shown before the server's cursor is known").isEmpty();
        server.releasePullAnswers();                                          // gifts 1-4, cursor 3

        Eventually.until("gifts 4 and 5", () -> app.giftSeqs.size() >= 2);
        Eventually.until("acked 5", () -> lastAck() == 5);
        Thread.sleep(300);
        assertThat(app.giftSeqs).containsExactly(4L, 5L);
    }

    /** Holding seq 2 (persisted by the app) while the server's cursor says 3: the app's own count wins, 3 and 4 come. */
    @Test
    void anchorWithAHeldSeqPullsAfterItWhateverTheServerCursor() throws Exception {
        server.gifts.addAll(List.of(gift(1), gift(2), gift(3), gift(4)));
        server.giftAckedSeq = 3;
        RoomcastClient client = client(TransportKind.TCP);
        client.connect();
        client.joinAsAnchor(ROOM, 2).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(nextReceived(Frame.KindCase.GIFT_PULL).getGiftPull().getAfterSeq()).isEqualTo(2);
        Eventually.until("gifts 3 and 4", () -> app.giftSeqs.size() >= 2);
        server.sendAll(LocalRoomcast.giftPush(ROOM, List.of(gift(5)), 4));
        server.gifts.add(gift(5));
        Eventually.until("gift 5", () -> app.giftSeqs.size() >= 3);
        Thread.sleep(200);
        assertThat(app.giftSeqs).containsExactly(3L, 4L, 5L);
    }

    /**
     * A join answered UNAVAILABLE twice (room-service timed out behind the connector) is sent again with
     * back-off, on the same connection, and then succeeds; the app's stage completes; the anchor's gifts flow.
     */
    @Test
    void joinRefusedWithARetryableCodeIsRetriedUntilItSucceeds() throws Exception {
        server.refuseJoins.set(2);
        server.gifts.add(gift(1));
        RoomcastClient client = client(TransportKind.WEBSOCKET);
        client.connect();
        long online = client.joinAsAnchor(ROOM, -1).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(online).isEqualTo(1);
        assertThat(server.received.stream().filter(Frame::hasJoin).count()).isEqualTo(3);
        assertThat(client.stats().joinRetries()).isEqualTo(2);
        assertThat(client.stats().connects()).as("same connection").isEqualTo(1);
        Eventually.until("gift 1", () -> app.giftSeqs.size() == 1);
    }

    /** NOT_ALLOWED will not change by retrying: the stage fails with the code, the room is dropped, no retry. */
    @Test
    void joinRefusedWithAFinalCodeFailsAndIsNotRetried() throws Exception {
        server.refuseJoins.set(1);
        server.joinRefusal = ErrorCode.NOT_ALLOWED;
        RoomcastClient client = client(TransportKind.WEBSOCKET);
        client.connect();
        assertThatThrownBy(() -> client.join(ROOM).toCompletableFuture().get(5, TimeUnit.SECONDS))
                .hasCauseInstanceOf(dev.roomcast.client.RoomcastException.class).hasMessageContaining("4002");
        Thread.sleep(500);
        assertThat(server.received.stream().filter(Frame::hasJoin).count()).isEqualTo(1);
    }

    /** The app leaves while its join is refused and waiting for a retry: no retry, no Leave (nothing to leave). */
    @Test
    void leavingDuringJoinRetryStopsIt() throws Exception {
        server.refuseJoins.set(1);
        RoomcastClient client = runtime.newClient(ClientConfig.builder(server.baseUrl()).token("t").mailboxUrl(server.baseUrl())
                .giftUrl(server.baseUrl()).backoffMillis(400, 800).build(), app);
        clients.add(client);
        client.connect();
        client.join(ROOM);
        nextReceived(Frame.KindCase.JOIN);
        Eventually.until("refused once", () -> client.stats().joinRetries() == 1);
        client.leave(ROOM);
        Thread.sleep(1200);
        assertThat(server.received.stream().filter(f -> f.hasJoin() || f.hasLeave()).count()).isZero();
    }

    @Test
    void reconnectFrameMovesTheClientToAnotherConnector() throws Exception {
        LocalRoomcast other = new LocalRoomcast(vertx, "c2").start();
        server.dispatchTo.add(other);
        try {
            RoomcastClient client = client(TransportKind.WEBSOCKET);
            client.connect();
            client.join(ROOM).toCompletableFuture().get(5, TimeUnit.SECONDS);
            assertThat(server.connections).hasSize(1);
            server.sendAll(Frame.newBuilder().setReconnect(Reconnect.newBuilder().setCodeValue(4100).setDelayMs(20)).build());
            Eventually.until("other.connections.size() == 1", () -> other.connections.size() == 1);
            Frame join = other.received.poll(5, TimeUnit.SECONDS);
            while (join != null && !join.hasJoin()) {
                join = other.received.poll(5, TimeUnit.SECONDS);
            }
            assertThat(join).isNotNull();
            assertThat(join.getJoin().getRoomId()).isEqualTo(ROOM);
        } finally {
            other.close();
        }
    }

    private long lastAck() {
        return server.received.stream().filter(Frame::hasGiftAck).mapToLong(f -> f.getGiftAck().getSeq()).max().orElse(-1);
    }
}
