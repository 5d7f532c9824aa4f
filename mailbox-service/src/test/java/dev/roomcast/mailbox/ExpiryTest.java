package dev.roomcast.mailbox;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roomcast.devstack.RoomcastServersResource;
import dev.roomcast.mailbox.retention.PartitionMaintenance;
import dev.roomcast.mailbox.retention.PartitionPlan;
import dev.roomcast.mailbox.timeline.MailboxKind;
import dev.roomcast.proto.v1.AppendBatchReply;
import dev.roomcast.proto.v1.MessageType;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = RoomcastServersResource.class, initArgs = @ResourceArg(name = "redis-db", value = "2"))
class ExpiryTest {

    static MailboxClient client;

    @Inject
    Pool pool;

    @Inject
    PartitionMaintenance maintenance;

    @BeforeAll
    static void connect() {
        client = new MailboxClient(18083);
    }

    @AfterAll
    static void disconnect() throws InterruptedException {
        client.close();
    }

    @Test
    void expiredMessagesAreNeverReturnedByAnyRead() throws InterruptedException {
        String room = MailboxClient.newRoom();
        long now = System.currentTimeMillis();
        client.append(List.of(
                MailboxClient.room(room, MailboxClient.message(room, 1, MessageType.CHAT, 100, now, 1500)),
                MailboxClient.room(room, MailboxClient.message(room, 2, MessageType.CHAT, 100, now, 0))));
        assertThat(msgIds("/v1/rooms/" + room + "/messages/recent")).containsExactly(1L, 2L);

        Thread.sleep(1700);
        assertThat(msgIds("/v1/rooms/" + room + "/messages/recent")).containsExactly(2L);
        assertThat(msgIds("/v1/rooms/" + room + "/messages/recent?limit=100")).containsExactly(2L);
        assertThat(msgIds("/v1/mailboxes/room:" + room + "/messages?after=0")).containsExactly(2L);
        assertThat(msgIds("/v1/mailboxes/room:" + room + "/messages?before=0")).containsExactly(2L);
        assertThat(msgIds("/v1/rooms/" + room + "/poll?cursor=0")).containsExactly(2L);
    }

    @Test
    void aMessageAlreadyPastItsExpiryIsNotStored() {
        String room = MailboxClient.newRoom();
        long longAgo = System.currentTimeMillis() - Duration.ofDays(30).toMillis();
        AppendBatchReply reply = client.append(List.of(
                MailboxClient.room(room, MailboxClient.message(room, 1, MessageType.CHAT, 100, longAgo, 0))));
        assertThat(reply.getAppended()).isZero();
        assertThat(msgIds("/v1/mailboxes/room:" + room + "/messages")).isEmpty();
    }

    @Test
    void retentionDropsWholePartitionsAndKeepsPartitionsAhead() {
        // A day far past the room retention (3 days), with a row in it: what an old timeline looks like.
        LocalDate old = LocalDate.now(ZoneOffset.UTC).minusDays(10);
        String table = PartitionPlan.partitionName(MailboxKind.ROOM, old);
        exec(PartitionPlan.createSql(MailboxKind.ROOM, old));
        String room = MailboxClient.newRoom();
        OffsetDateTime created = old.atTime(12, 0).atOffset(ZoneOffset.UTC);
        pool.preparedQuery("INSERT INTO mailbox.message (kind, mbox_id, msg_id, type, priority, body, created_at,"
                + " expire_at) VALUES ('room', $1, 1, 1, 100, 'old', $2, $3)")
                .execute(Tuple.of("room:" + room, created, created.plusDays(3))).await().atMost(Duration.ofSeconds(5));
        assertThat(msgIds("/v1/mailboxes/room:" + room + "/messages")).isEmpty();

        PartitionMaintenance.Report report = maintenance.runOnce().await().atMost(Duration.ofSeconds(30));

        assertThat(report.dropped()).contains(table);
        assertThat(tableExists(table)).isFalse();
        LocalDate ahead = LocalDate.now(ZoneOffset.UTC).plusDays(3);
        assertThat(tableExists(PartitionPlan.partitionName(MailboxKind.ROOM, ahead))).isTrue();
        assertThat(tableExists(PartitionPlan.partitionName(MailboxKind.GIFT, LocalDate.now(ZoneOffset.UTC)
                .minusDays(10)))).as("gifts keep 28 days").isTrue();
    }

    void exec(String sql) {
        pool.query(sql).execute().await().atMost(Duration.ofSeconds(10));
    }

    boolean tableExists(String table) {
        return pool.preparedQuery("SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = 'mailbox' AND c.relname = $1").execute(Tuple.of(table))
                .await().atMost(Duration.ofSeconds(5)).iterator().next().getLong(0) > 0;
    }

    static List<Long> msgIds(String path) {
        return given().get(path).then().statusCode(200).extract().jsonPath().getList("messages.msgId", Long.class);
    }
}
