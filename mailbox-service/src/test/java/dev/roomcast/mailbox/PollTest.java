package dev.roomcast.mailbox;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roomcast.common.mailbox.HotWindowKeys;
import dev.roomcast.devstack.RoomcastServersResource;
import dev.roomcast.mailbox.hot.HotCache;
import dev.roomcast.proto.v1.MailboxEntry;
import dev.roomcast.proto.v1.MessageType;
import dev.roomcast.proto.v1.PollReply;
import dev.roomcast.proto.v1.PollRequest;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Short polling against the real Redis hot window (test window: 20 messages). */
@QuarkusTest
@QuarkusTestResource(value = RoomcastServersResource.class, initArgs = @ResourceArg(name = "redis-db", value = "2"))
class PollTest {

    static MailboxClient client;

    /** %test.roomcast.mailbox.hot.pending-max-millis in application.properties. */
    static final long PENDING_MAX_MILLIS = 1500;

    @Inject
    ReactiveRedisDataSource redis;

    @Inject
    HotCache hot;

    @BeforeAll
    static void connect() {
        client = new MailboxClient(18083);
    }

    @AfterAll
    static void disconnect() throws InterruptedException {
        client.close();
    }

    @Test
    void returnsMessagesAfterTheCursorAndTheNextCursor() {
        String room = MailboxClient.newRoom();
        client.append(MailboxClient.chats(room, 1, 5));

        JsonPath first = poll(room, "0", 50);
        assertThat(first.getList("messages.msgId", Long.class)).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(first.getLong("nextCursor")).isEqualTo(5L);
        assertThat(first.getBoolean("clamped")).isFalse();

        client.append(MailboxClient.chats(room, 6, 7));
        JsonPath next = poll(room, "5", 50);
        assertThat(next.getList("messages.msgId", Long.class)).containsExactly(6L, 7L);
        JsonPath idle = poll(room, "7", 50);
        assertThat(idle.getList("messages")).isEmpty();
        assertThat(idle.getLong("nextCursor")).isEqualTo(7L);
        assertThat(idle.getBoolean("clamped")).isFalse();
    }

    @Test
    void clampsACursorOlderThanTheHotWindow() {
        String room = MailboxClient.newRoom();
        client.append(MailboxClient.chats(room, 1, 30));

        JsonPath p = poll(room, "2", 50);
        assertThat(p.getBoolean("clamped")).isTrue();
        assertThat(p.getList("messages.msgId", Long.class)).hasSize(20).startsWith(11L).endsWith(30L);
        assertThat(p.getLong("nextCursor")).isEqualTo(30L);
        assertThat(poll(room, "10", 50).getBoolean("clamped")).isFalse();
    }

    @Test
    void clampsACursorInTheFuture() {
        String room = MailboxClient.newRoom();
        client.append(MailboxClient.chats(room, 1, 3));

        JsonPath p = poll(room, "999", 50);
        assertThat(p.getBoolean("clamped")).isTrue();
        assertThat(p.getList("messages")).isEmpty();
        assertThat(p.getLong("nextCursor")).isEqualTo(3L);
    }

    @Test
    void choosesTheHighestPriorityNewestAndRepeatsForTheSameCursor() {
        String room = MailboxClient.newRoom();
        List<MailboxEntry> batch = new ArrayList<>();
        long now = System.currentTimeMillis();
        for (long id = 1; id <= 12; id++) {
            boolean gift = id == 3 || id == 7;
            batch.add(MailboxClient.room(room, MailboxClient.message(room, id,
                    gift ? MessageType.GIFT : MessageType.CHAT, gift ? 200 : 100, now, 0)));
        }
        client.append(batch);

        JsonPath p = poll(room, "0", 4);
        assertThat(p.getList("messages.msgId", Long.class)).containsExactly(3L, 7L, 11L, 12L);
        assertThat(p.getLong("nextCursor")).isEqualTo(12L);
        for (int i = 0; i < 3; i++) {
            assertThat(poll(room, "0", 4).getList("messages.msgId", Long.class)).containsExactly(3L, 7L, 11L, 12L);
        }
        PollReply grpc = client.stub.poll(PollRequest.newBuilder().setRoomId(room).setCursor(0).setLimit(4).build());
        assertThat(grpc.getMessagesList()).extracting(m -> m.getMsgId()).containsExactly(3L, 7L, 11L, 12L);
    }

    @Test
    void pollIntervalFollowsTheRoomSizeTier() {
        String room = MailboxClient.newRoom();
        String key = "rc:{" + room + "}:online";
        assertThat(poll(room, "0", 10).getInt("pollIntervalMs")).isEqualTo(1500);
        redis.value(String.class).set(key, "50").await().atMost(Duration.ofSeconds(5));
        assertThat(poll(room, "0", 10).getInt("pollIntervalMs")).isEqualTo(1500);
        redis.value(String.class).set(key, "500").await().atMost(Duration.ofSeconds(5));
        assertThat(poll(room, "0", 10).getInt("pollIntervalMs")).isEqualTo(2000);
        redis.value(String.class).set(key, "20000").await().atMost(Duration.ofSeconds(5));
        assertThat(poll(room, "0", 10).getInt("pollIntervalMs")).isEqualTo(2500);
        redis.key().del(key).await().atMost(Duration.ofSeconds(5));
        String[] members = new String[301];
        for (int i = 0; i < members.length; i++) {
            members[i] = "user" + i;
        }
        redis.set(String.class).sadd(key, members).await().atMost(Duration.ofSeconds(5));
        assertThat(poll(room, "0", 10).getInt("pollIntervalMs")).isEqualTo(2000);
        redis.key().del(key).await().atMost(Duration.ofSeconds(5));
    }

    @Test
    void rebuildsAColdWindowFromPostgres() {
        String room = MailboxClient.newRoom();
        client.append(MailboxClient.chats(room, 1, 25));
        // What a Redis restart leaves: no window at all for the room.
        redis.key().del("roomcast:mbox:{" + room + "}:hot", "roomcast:mbox:{" + room + "}:meta")
                .await().atMost(Duration.ofSeconds(5));

        JsonPath p = poll(room, "0", 50);
        assertThat(p.getList("messages.msgId", Long.class)).hasSize(20).startsWith(6L).endsWith(25L);
        JsonPath old = poll(room, "1", 50);
        assertThat(old.getBoolean("clamped")).isTrue();
        assertThat(given().get("/q/metrics").asString()).contains("mailbox_cache_rebuilds_total");
    }

    @Test
    void aLaterAppendCommittedFirstIsHeldBackUntilTheEarlierOneIsStored() {
        String room = MailboxClient.newRoom();
        client.append(MailboxClient.chats(room, 1, 3));
        // msgId 4's append is on its way (marked, not committed yet) when msgId 5's commits first.
        hot.markPending(room, List.of(4L)).await().atMost(Duration.ofSeconds(5));
        client.append(MailboxClient.chats(room, 5, 5));

        JsonPath held = poll(room, "3", 50);
        assertThat(held.getList("messages")).as("5 waits for 4: a cursor past 4 would never see it").isEmpty();
        assertThat(held.getLong("nextCursor")).isEqualTo(3L);
        assertThat(given().get("/q/metrics").asString()).containsPattern("mailbox_poll_held_back_total [1-9]");

        client.append(MailboxClient.chats(room, 4, 4));
        JsonPath both = poll(room, "3", 50);
        assertThat(both.getList("messages.msgId", Long.class)).containsExactly(4L, 5L);
        assertThat(both.getLong("nextCursor")).isEqualTo(5L);
    }

    @Test
    void aMarkerOfAnAppendThatNeverCameStopsHoldingPollsBackAfterItsDeadline() throws InterruptedException {
        String room = MailboxClient.newRoom();
        client.append(MailboxClient.chats(room, 1, 2));
        hot.markPending(room, List.of(3L)).await().atMost(Duration.ofSeconds(5));   // its instance dies here
        client.append(MailboxClient.chats(room, 4, 4));
        assertThat(poll(room, "2", 50).getList("messages")).isEmpty();

        Thread.sleep(PENDING_MAX_MILLIS + 300);
        JsonPath after = poll(room, "2", 50);
        assertThat(after.getList("messages.msgId", Long.class)).containsExactly(4L);
        assertThat(after.getLong("nextCursor")).isEqualTo(4L);
    }

    @Test
    void aMsgIdMarkedByRoomServiceAtAssignmentHoldsPollsBackUntilStoredAndOutlivesAFailedCommitsUnmark() {
        String room = MailboxClient.newRoom();
        client.append(MailboxClient.chats(room, 1, 2));
        // room-service assigned 3 (its marker, with its suffix) and 4; 4's append reaches the mailbox first.
        String key = HotWindowKeys.pending(ConfigProvider.getConfig().getValue("roomcast.mailbox.hot.key-prefix",
                String.class), room);
        long deadline = System.currentTimeMillis() + 60_000;
        redis.sortedSet(String.class).zadd(key, 3, "3:" + deadline + HotWindowKeys.ASSIGNED_MARKER_SUFFIX)
                .await().atMost(Duration.ofSeconds(5));
        client.append(MailboxClient.chats(room, 4, 4));
        assertThat(poll(room, "2", 50).getList("messages")).as("4 waits for 3").isEmpty();

        // A group commit with 3 failed: the mailbox takes back its own marker only.
        hot.markPending(room, List.of(3L)).await().atMost(Duration.ofSeconds(5));
        hot.unmarkPending(room, List.of(3L)).await().atMost(Duration.ofSeconds(5));
        assertThat(poll(room, "2", 50).getList("messages")).as("still on its way").isEmpty();

        client.append(MailboxClient.chats(room, 3, 3));
        JsonPath both = poll(room, "2", 50);
        assertThat(both.getList("messages.msgId", Long.class)).containsExactly(3L, 4L);
        assertThat(redis.sortedSet(String.class).zcard(key).await().atMost(Duration.ofSeconds(5))).isZero();
    }

    @Test
    void aCatchUpPollAnswersABacklogOldestFirstAndGoesOnFromThereWithoutSkipping() {
        String room = MailboxClient.newRoom();
        client.append(MailboxClient.chats(room, 1, 12));

        JsonPath first = catchUp(room, "2", 5);
        assertThat(first.getList("messages.msgId", Long.class)).containsExactly(3L, 4L, 5L, 6L, 7L);
        assertThat(first.getLong("nextCursor")).isEqualTo(7L);
        JsonPath second = catchUp(room, "7", 5);
        assertThat(second.getList("messages.msgId", Long.class)).containsExactly(8L, 9L, 10L, 11L, 12L);
        assertThat(second.getLong("nextCursor")).isEqualTo(12L);
        assertThat(catchUp(room, "12", 5).getList("messages")).isEmpty();

        JsonPath chosen = poll(room, "2", 5);
        assertThat(chosen.getList("messages.msgId", Long.class)).as("without catchUp: the newest, cursor at the head")
                .containsExactly(8L, 9L, 10L, 11L, 12L);
        assertThat(chosen.getLong("nextCursor")).isEqualTo(12L);

        given().get("/v1/rooms/{r}/poll?cursor=2&catchUp=yes", room).then().statusCode(400)
                .body("code", org.hamcrest.Matchers.equalTo("BAD_FLAG"));
    }

    @Test
    void aPollAskedForProtobufIsAPollReplyWithTheSameAnswerAsJson() throws Exception {
        String room = MailboxClient.newRoom();
        client.append(MailboxClient.chats(room, 1, 4));
        byte[] body = given().header("Accept", "application/x-protobuf")
                .get("/v1/rooms/{r}/poll?cursor=1&limit=50&catchUp=true", room).then().statusCode(200)
                .contentType("application/x-protobuf").extract().asByteArray();
        PollReply reply = PollReply.parseFrom(body);
        assertThat(reply.getMessagesList()).extracting(m -> m.getMsgId()).containsExactly(2L, 3L, 4L);
        assertThat(reply.getNextCursor()).isEqualTo(4L);
        assertThat(reply.getPollIntervalMs()).isEqualTo(catchUp(room, "1", 50).getInt("pollIntervalMs"));
    }

    static JsonPath catchUp(String room, String cursor, int limit) {
        return given().get("/v1/rooms/{r}/poll?cursor={c}&limit={l}&catchUp=true", room, cursor, limit).then()
                .statusCode(200).extract().jsonPath();
    }

    static JsonPath poll(String room, String cursor, int limit) {
        return given().get("/v1/rooms/{r}/poll?cursor={c}&limit={l}", room, cursor, limit).then().statusCode(200)
                .extract().jsonPath();
    }
}
