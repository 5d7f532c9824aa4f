package dev.roomcast.room.publish;

import static dev.roomcast.room.support.RoomClient.WAIT;
import static dev.roomcast.room.support.RoomClient.unique;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.roomcast.common.mailbox.HotWindowKeys;
import dev.roomcast.devstack.RoomcastServersResource;
import dev.roomcast.proto.v1.MailboxEntry;
import dev.roomcast.proto.v1.MessageType;
import dev.roomcast.proto.v1.MutinyRoomServiceGrpc;
import dev.roomcast.proto.v1.PublishReply;
import dev.roomcast.proto.v1.PublishRequest;
import dev.roomcast.room.membership.Keys;
import dev.roomcast.room.support.RecordingMailbox;
import dev.roomcast.room.support.RoomClient;
import dev.roomcast.room.support.TestTokens;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = RoomcastServersResource.class, initArgs = @ResourceArg(name = "redis-db", value = "1"))
class MailboxAndMsgIdTest {

    @GrpcClient("room")
    MutinyRoomServiceGrpc.MutinyRoomServiceStub plain;

    @Inject
    RedisDataSource redis;

    @Test
    void persistedTypesAreAppendedWithTheirMsgIdAndTransientOnesAreNot() {
        var room = RoomClient.withAuth(plain, TestTokens.service());
        String roomId = unique("mb");
        PublishReply chat = room.publish(PublishRequest.newBuilder().setRoomId(roomId).setType(MessageType.CHAT)
                .setBody("kept").build()).await().atMost(WAIT);
        PublishReply pk = room.publish(PublishRequest.newBuilder().setRoomId(roomId).setType(MessageType.PK)
                .setBody("{\"a\":1}").setConflateKey("pk:1").build()).await().atMost(WAIT);

        assertThat(chat.getPersisted()).isTrue();
        assertThat(chat.getMsgId()).isPositive();
        assertThat(pk.getPersisted()).isFalse();
        assertThat(pk.getMsgId()).isZero();
        await().atMost(Duration.ofSeconds(5)).until(() -> !RecordingMailbox.entriesFor("room:" + roomId).isEmpty());
        List<MailboxEntry> entries = RecordingMailbox.entriesFor("room:" + roomId);
        assertThat(entries).hasSize(1);
        assertThat(entries.get(0).getMessage().getMsgId()).isEqualTo(chat.getMsgId());
        assertThat(entries.get(0).getMessage().getBody()).isEqualTo("kept");
    }

    @Test
    void aRoomMsgIdIsMarkedPendingWhenAssignedAndUnmarkedWhenItsAppendIsGivenUp() {
        var room = RoomClient.withAuth(plain, TestTokens.service());
        String roomId = unique("mark");
        String pendingKey = HotWindowKeys.pending(HotWindowKeys.DEFAULT_PREFIX, roomId);
        long before = System.currentTimeMillis();
        // The recording mailbox has no hot window: nothing stores these msgIds, so their markers stay.
        PublishReply chat = room.publish(PublishRequest.newBuilder().setRoomId(roomId).setType(MessageType.CHAT)
                .setBody("marked").build()).await().atMost(WAIT);
        PublishReply keyed = room.publish(PublishRequest.newBuilder().setRoomId(roomId).setType(MessageType.CHAT)
                .setBody("marked too").setPublishId(unique("pub")).build()).await().atMost(WAIT);
        PublishReply pk = room.publish(PublishRequest.newBuilder().setRoomId(roomId).setType(MessageType.PK)
                .setBody("{\"a\":1}").setConflateKey("pk:1").build()).await().atMost(WAIT);

        List<String> marks = redis.sortedSet(String.class).zrange(pendingKey, 0, -1);
        assertThat(marks).as("one per assigned msgId, none for the transient PK").hasSize(2);
        assertThat(pk.getMsgId()).isZero();
        assertThat(marks.get(0)).startsWith(chat.getMsgId() + ":").endsWith(HotWindowKeys.ASSIGNED_MARKER_SUFFIX);
        assertThat(marks.get(1)).startsWith(keyed.getMsgId() + ":").endsWith(HotWindowKeys.ASSIGNED_MARKER_SUFFIX);
        long deadline = Long.parseLong(marks.get(0).split(":")[1]);
        assertThat(deadline).as("pending-max-millis (10 s) after the assignment")
                .isBetween(before + 9_000, System.currentTimeMillis() + 11_000);

        PublishReply poisoned = room.publish(PublishRequest.newBuilder().setRoomId(roomId).setType(MessageType.CHAT)
                .setBody(RecordingMailbox.POISON).build()).await().atMost(WAIT);
        assertThat(poisoned.getPersisted()).isFalse();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(redis.sortedSet(String.class).zrangebyscore(pendingKey,
                        new io.quarkus.redis.datasource.sortedset.ScoreRange<>((double) poisoned.getMsgId(),
                                (double) poisoned.getMsgId()))).as("nothing will come for a refused entry").isEmpty());
        assertThat(redis.sortedSet(String.class).zcard(pendingKey)).isEqualTo(2);
    }

    @Test
    void refusedAppendsAreRetriedWithBackoffAndCounted() {
        String roomId = unique("retry");
        RecordingMailbox.FAIL_NEXT.set(2);
        given().header("Authorization", TestTokens.service()).contentType("application/json")
                .body("{\"type\":\"NOTIFY\",\"body\":\"after retries\"}").post("/v1/rooms/" + roomId + "/messages")
                .then().statusCode(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> !RecordingMailbox.entriesFor("room:" + roomId).isEmpty());
        String metrics = given().get("/q/metrics").then().extract().asString();
        assertThat(metrics).containsPattern("roomcast_mailbox_appends_total\\{outcome=\"retried\"} [1-9]");
        assertThat(metrics).containsPattern("roomcast_mailbox_appends_total\\{outcome=\"appended\"} [1-9]");
    }

    @Test
    void msgIdsIncreaseStrictlyPerRoomUnderConcurrencyAndAfterRedisLosesTheCounter() {
        var room = RoomClient.withAuth(plain, TestTokens.service());
        String roomId = unique("ids");
        List<Uni<PublishReply>> sends = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            sends.add(room.publish(PublishRequest.newBuilder().setRoomId(roomId).setType(MessageType.CHAT)
                    .setBody("m" + i).build()));
        }
        List<Long> ids = Uni.join().all(sends).andFailFast().await().atMost(WAIT).stream().map(PublishReply::getMsgId).toList();
        assertThat(ids).doesNotHaveDuplicates().allSatisfy(id -> assertThat(id).isPositive());
        long highest = ids.stream().mapToLong(Long::longValue).max().orElseThrow();

        // Sequential publishes see strictly increasing ids, even after the counter key is lost.
        redis.key().del(Keys.msgId(roomId));
        long previous = highest;
        for (int i = 0; i < 5; i++) {
            long id = room.publish(PublishRequest.newBuilder().setRoomId(roomId).setType(MessageType.CHAT)
                    .setBody("after" + i).build()).await().atMost(WAIT).getMsgId();
            assertThat(id).isGreaterThan(previous);
            previous = id;
        }
        // A join tells the client the room's newest msgId.
        String c = unique("c");
        RoomClient.register(room, RoomClient.connector(c, 0));
        assertThat(room.join(dev.roomcast.proto.v1.JoinRequest.newBuilder().setConnectorId(c).setMcastId("room:" + roomId)
                .setUserId("late").build()).await().atMost(WAIT).getLastMsgId()).isEqualTo(previous);
    }
}
