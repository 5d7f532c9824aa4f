package dev.roomcast.mailbox;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roomcast.devstack.RoomcastServersResource;
import dev.roomcast.proto.v1.AppendBatchReply;
import dev.roomcast.proto.v1.AppendBatchRequest;
import dev.roomcast.proto.v1.MailboxEntry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = RoomcastServersResource.class, initArgs = @ResourceArg(name = "redis-db", value = "2"))
class AppendAndReadTest {

    static MailboxClient client;

    @Inject
    Pool pool;

    @BeforeAll
    static void connect() {
        client = new MailboxClient(18083);
    }

    @AfterAll
    static void disconnect() throws InterruptedException {
        client.close();
    }

    @Test
    void reappendingABatchCountsDuplicatesAndStoresOnce() {
        String room = MailboxClient.newRoom();
        List<MailboxEntry> batch = MailboxClient.chats(room, 1, 3);
        AppendBatchReply first = client.append(batch);
        assertThat(first.getAppended()).isEqualTo(3);
        assertThat(first.getDuplicates()).isZero();

        // A retried batch carries the same messages (same msgId and createdAt): nothing is stored twice.
        AppendBatchReply retry = client.append(batch);
        assertThat(retry.getAppended()).isZero();
        assertThat(retry.getDuplicates()).isEqualTo(3);

        List<MailboxEntry> mixed = new ArrayList<>(batch.subList(1, 3));
        mixed.add(MailboxClient.room(room, MailboxClient.chat(room, 4, 100)));
        AppendBatchReply partial = client.append(mixed);
        assertThat(partial.getAppended()).isEqualTo(1);
        assertThat(partial.getDuplicates()).isEqualTo(2);

        assertThat(rowsOf("room:" + room)).isEqualTo(4);
    }

    @Test
    void recentReturnsTheNewestLastFromCacheAndFromPostgres() {
        String room = MailboxClient.newRoom();
        client.append(MailboxClient.chats(room, 1, 30));

        JsonPath fromCache = given().get("/v1/rooms/{r}/messages/recent?limit=5", room).then().statusCode(200)
                .extract().jsonPath();
        assertThat(fromCache.getList("messages.msgId", Long.class)).containsExactly(26L, 27L, 28L, 29L, 30L);
        assertThat(fromCache.getString("messages[0].sender.nickname")).isEqualTo("nick26");
        assertThat(fromCache.getString("messages[0].type")).isEqualTo("CHAT");

        // 25 is more than the test hot window (20): PostgreSQL answers.
        JsonPath fromStore = given().get("/v1/rooms/{r}/messages/recent?limit=25", room).then().statusCode(200)
                .extract().jsonPath();
        assertThat(fromStore.getList("messages.msgId", Long.class)).hasSize(25).startsWith(6L).endsWith(30L)
                .isSorted();
    }

    @Test
    void rangePagesForwardAndBackward() {
        String room = MailboxClient.newRoom();
        client.append(MailboxClient.chats(room, 1, 25));
        String path = "/v1/mailboxes/room:" + room + "/messages";

        List<Long> forward = new ArrayList<>();
        String cursor = "0";
        for (int page = 0; page < 5; page++) {
            JsonPath p = given().get(path + "?after=" + cursor + "&limit=10").then().statusCode(200).extract().jsonPath();
            forward.addAll(p.getList("messages.msgId", Long.class));
            cursor = p.getString("nextCursor");
            if (!p.getBoolean("hasMore")) {
                break;
            }
        }
        assertThat(forward).hasSize(25).isSorted().startsWith(1L).endsWith(25L).doesNotHaveDuplicates();

        JsonPath newest = given().get(path + "?before=0&limit=10").then().statusCode(200).extract().jsonPath();
        assertThat(newest.getList("messages.msgId", Long.class)).containsExactly(16L, 17L, 18L, 19L, 20L, 21L, 22L,
                23L, 24L, 25L);
        assertThat(newest.getLong("nextCursor")).isEqualTo(16L);
        JsonPath older = given().get(path + "?before=16&limit=10").then().statusCode(200).extract().jsonPath();
        assertThat(older.getList("messages.msgId", Long.class)).startsWith(6L).endsWith(15L).hasSize(10);
        JsonPath oldest = given().get(path + "?before=6&limit=10").then().statusCode(200).extract().jsonPath();
        assertThat(oldest.getList("messages.msgId", Long.class)).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(oldest.getBoolean("hasMore")).isFalse();
    }

    @Test
    void unknownRoomReadsAreEmptyNotErrors() {
        String room = MailboxClient.newRoom();
        given().get("/v1/rooms/{r}/messages/recent", room).then().statusCode(200);
        assertThat(given().get("/v1/rooms/{r}/messages/recent", room).jsonPath().getList("messages")).isEmpty();
        assertThat(given().get("/v1/mailboxes/room:{r}/messages", room).jsonPath().getList("messages")).isEmpty();
        JsonPath poll = given().get("/v1/rooms/{r}/poll?cursor=0", room).then().statusCode(200).extract().jsonPath();
        assertThat(poll.getList("messages")).isEmpty();
        assertThat(poll.getBoolean("clamped")).isFalse();
    }

    @Test
    void concurrentAppendsShareGroupCommits() throws Exception {
        String room = MailboxClient.newRoom();
        List<Future<AppendBatchReply>> replies = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            replies.add(client.async.withDeadlineAfter(10, TimeUnit.SECONDS).appendBatch(AppendBatchRequest.newBuilder()
                    .addAllEntries(MailboxClient.chats(room, i * 10L + 1, i * 10L + 10)).build()));
        }
        int appended = 0;
        for (Future<AppendBatchReply> r : replies) {
            appended += r.get(10, TimeUnit.SECONDS).getAppended();
        }
        assertThat(appended).isEqualTo(600);
        assertThat(rowsOf("room:" + room)).isEqualTo(600);
        String metrics = given().get("/q/metrics").asString();
        double maxRequestsPerCommit = metrics.lines().filter(l -> l.startsWith("mailbox_append_commit_requests_max"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).max().orElse(0);
        assertThat(maxRequestsPerCommit).isGreaterThan(1);
    }

    long rowsOf(String mbox) {
        return pool.preparedQuery("SELECT count(*) FROM mailbox.message WHERE mbox_id = $1").execute(Tuple.of(mbox))
                .await().atMost(Duration.ofSeconds(5)).iterator().next().getLong(0);
    }
}
