package dev.roomcast.room.scheduler;

import static dev.roomcast.room.support.RoomClient.WAIT;
import static dev.roomcast.room.support.RoomClient.unique;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import dev.roomcast.devstack.RoomcastServersResource;
import dev.roomcast.proto.v1.Block;
import dev.roomcast.proto.v1.ConnectorInfo;
import dev.roomcast.proto.v1.Message;
import dev.roomcast.proto.v1.MessageType;
import dev.roomcast.proto.v1.MutinyRoomServiceGrpc;
import dev.roomcast.proto.v1.PublishReply;
import dev.roomcast.proto.v1.PublishRequest;
import dev.roomcast.proto.v1.PushBlockRequest;
import dev.roomcast.proto.v1.Sender;
import dev.roomcast.room.support.RecordingConnector;
import dev.roomcast.room.support.RoomClient;
import dev.roomcast.room.support.TestTokens;
import dev.roomcast.room.support.Blocks;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Publishes through the real APIs and receives blocks at a connector over real gRPC. */
@QuarkusTest
@QuarkusTestResource(value = RoomcastServersResource.class, initArgs = @ResourceArg(name = "redis-db", value = "1"))
class SchedulerDeliveryTest {

    @GrpcClient("room")
    MutinyRoomServiceGrpc.MutinyRoomServiceStub plain;

    MutinyRoomServiceGrpc.MutinyRoomServiceStub room;
    ConnectorInfo connector;
    AutoCloseable lease;
    String roomId;
    String mcast;

    @BeforeEach
    void setUp() {
        room = RoomClient.withAuth(plain, TestTokens.service());
        connector = RoomClient.connector(unique("sched"), 0);
        RoomClient.register(room, connector);
        lease = RoomClient.keepAlive(room, connector);
        roomId = unique("live");
        mcast = "room:" + roomId;
        RoomClient.join(room, connector.getConnectorId(), mcast, "viewer-1");
    }

    @AfterEach
    void tearDown() throws Exception {
        lease.close();
    }

    @Test
    void tickBlocksCarryTwentyHighestPriorityFirstAndLeftoversNext() throws Exception {
        // 25 chats from users of level 0..24 arrive at once, then a room-control SYSTEM message.
        List<Uni<PublishReply>> sends = new ArrayList<>();
        for (int level = 0; level < 25; level++) {
            sends.add(room.publish(chat(level)));
        }
        List<PublishReply> replies = Uni.join().all(sends).andFailFast().await().atMost(WAIT);
        given().header("Authorization", TestTokens.service()).contentType("application/json")
                .body("{\"type\":\"SYSTEM\",\"body\":\"{\\\"control\\\":\\\"stream_switched\\\"}\"}")
                .post("/v1/rooms/" + roomId + "/messages").then().statusCode(200);

        await().atMost(Duration.ofSeconds(8)).until(() -> chatsIn(RecordingConnector.blocksFor(mcast)) >= 25);
        List<PushBlockRequest> pushed = RecordingConnector.blocksFor(mcast);

        // First: the SYSTEM message alone, at once (immediate), not waiting for the tick.
        List<Message> first = Blocks.messages(pushed.get(0).getFrame());
        assertThat(first).extracting(Message::getType).containsExactly(MessageType.SYSTEM);

        List<Message> tick1 = Blocks.messages(pushed.get(1).getFrame());
        List<Message> tick2 = Blocks.messages(pushed.get(2).getFrame());
        assertThat(tick1).hasSize(20);
        assertThat(tick1).extracting(m -> m.getSender().getLevel())
                .containsExactlyElementsOf(descending(24, 5));
        assertThat(tick2).extracting(m -> m.getSender().getLevel()).containsExactlyElementsOf(descending(4, 0));
        Block b1 = Blocks.block(pushed.get(1).getFrame());
        Block b2 = Blocks.block(pushed.get(2).getFrame());
        assertThat(b1.getMcastId()).isEqualTo(mcast);
        assertThat(b2.getBlockSeq()).isGreaterThan(b1.getBlockSeq());
        assertThat(b2.getCreatedAtMs() - b1.getCreatedAtMs()).isBetween(700L, 1600L);
        // Persisted chats carry the msgIds the publishes replied with.
        assertThat(tick1.get(0).getMsgId()).isEqualTo(replies.get(24).getMsgId());
        assertThat(replies).allSatisfy(r -> assertThat(r.getPersisted()).isTrue());
        // The plain frame is what old clients get; a compact twin rides along only when smaller, with equal messages.
        assertThat(b1.getPayloadFormat()).isEqualTo(dev.roomcast.proto.v1.PayloadFormat.PAYLOAD_PLAIN);
        for (PushBlockRequest push : pushed) {
            if (!push.getCompactFrame().isEmpty()) {
                assertThat(Blocks.block(push.getCompactFrame()).getPayloadFormat())
                        .isEqualTo(dev.roomcast.proto.v1.PayloadFormat.PAYLOAD_COMPACT);
                assertThat(push.getCompactFrame().size()).isLessThan(push.getFrame().size());
                assertThat(Blocks.anyForm(push.getCompactFrame())).isEqualTo(Blocks.messages(push.getFrame()));
            }
        }
        given().get("/q/metrics").then().body(containsString("roomcast_block_forms_total{forms=\"plain_and_compact\"}"));
        // The 5 the block limit kept for the next tick are counted, once each.
        given().get("/q/metrics").then().body(containsString(
                "roomcast_scheduler_held_back_total{room=\"" + roomId + "\",type=\"CHAT\"} 5.0"));
    }

    @Test
    void conflatedAndPrivateAndGlobalMessagesTakeTheirPaths() throws Exception {
        for (int score = 1; score <= 3; score++) {
            room.publish(PublishRequest.newBuilder().setRoomId(roomId).setType(MessageType.PK)
                    .setConflateKey("pk:7").setBody("{\"score\":" + score + "}").build()).await().atMost(WAIT);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> !RecordingConnector.blocksFor(mcast).isEmpty());
        List<Message> pk = Blocks.messages(RecordingConnector.blocksFor(mcast).get(0).getFrame());
        assertThat(pk).extracting(Message::getBody).containsExactly("{\"score\":3}");
        given().get("/q/metrics").then().body(containsString(
                "roomcast_scheduler_drops_total{reason=\"conflated\",room=\"" + roomId + "\",type=\"PK\"} 2.0"));

        String user = unique("whisper");
        PublishReply reply = room.publish(PublishRequest.newBuilder().setTarget(dev.roomcast.proto.v1.PublishTarget.USER)
                .setUserId(user).setType(MessageType.PRIVATE).setBody("hi").build()).await().atMost(WAIT);
        assertThat(reply.getPersisted()).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> RecordingConnector.USERS.stream().anyMatch(u -> u.getUserId().equals(user)));
        var push = RecordingConnector.USERS.stream().filter(u -> u.getUserId().equals(user)).findFirst().orElseThrow();
        assertThat(Blocks.messages(push.getFrame()))
                .extracting(Message::getBody, Message::getUserId).containsExactly(org.assertj.core.groups.Tuple.tuple("hi", user));

        String text = unique("announcement");
        room.publish(PublishRequest.newBuilder().setTarget(dev.roomcast.proto.v1.PublishTarget.GLOBAL)
                .setType(MessageType.BROADCAST).setBody(text).build()).await().atMost(WAIT);
        await().atMost(Duration.ofSeconds(5)).until(() -> RecordingConnector.blocksFor("global").stream()
                .anyMatch(b -> b.getFrame().toStringUtf8().contains(text)));
    }

    private PublishRequest chat(int level) {
        return PublishRequest.newBuilder().setRoomId(roomId).setType(MessageType.CHAT)
                .setSender(Sender.newBuilder().setUserId("u" + level).setLevel(level))
                .setBody("chat from level " + level).build();
    }

    private static int chatsIn(List<PushBlockRequest> blocks) throws Exception {
        int n = 0;
        for (PushBlockRequest b : blocks) {
            n += (int) Blocks.messages(b.getFrame()).stream()
                    .filter(m -> m.getType() == MessageType.CHAT).count();
        }
        return n;
    }

    private static List<Integer> descending(int from, int to) {
        List<Integer> levels = new ArrayList<>();
        for (int l = from; l >= to; l--) {
            levels.add(l);
        }
        return levels;
    }
}
