package dev.roomcast.mailbox;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roomcast.devstack.RoomcastServersResource;
import dev.roomcast.mailbox.hot.HotCache;
import dev.roomcast.proto.v1.AppendBatchReply;
import dev.roomcast.proto.v1.AppendStatus;
import dev.roomcast.proto.v1.MailboxEntry;
import dev.roomcast.proto.v1.Message;
import dev.roomcast.proto.v1.MessageType;
import dev.roomcast.proto.v1.RecentRequest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One bad entry never sinks a batch, broadcasts have a mailbox of their own, and every read path returns
 * each msgId once whatever path wrote it (append feed, rebuild from PostgreSQL) and however its optional
 * fields were set. Real PostgreSQL and Redis.
 */
@QuarkusTest
@QuarkusTestResource(value = RoomcastServersResource.class, initArgs = @ResourceArg(name = "redis-db", value = "2"))
class OneEntryPerMessageTest {

    static MailboxClient client;

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
    void broadcastAndABadEntryInARoomBatchDoNotSinkTheRoomChats() {
        String room = MailboxClient.newRoom();
        long now = System.currentTimeMillis();
        long base = now * 1024;
        Message broadcast = Message.newBuilder().setMsgId(base + 2).setType(MessageType.BROADCAST)
                .setPriority(200).setBody("global notice " + room).setCreatedAtMs(now).build();
        MailboxEntry nowhere = MailboxEntry.newBuilder().setMboxId("nowhere")
                .setMessage(MailboxClient.chat(room, base + 3, 100)).build();
        List<MailboxEntry> batch = List.of(
                MailboxClient.room(room, MailboxClient.chat(room, base + 1, 100)),
                MailboxEntry.newBuilder().setMboxId("global").setMessage(broadcast).build(),
                nowhere,
                MailboxClient.room(room, MailboxClient.chat(room, base + 4, 100)));

        AppendBatchReply reply = client.append(batch);

        assertThat(reply.getResultsList()).extracting(r -> r.getStatus()).containsExactly(AppendStatus.APPENDED,
                AppendStatus.APPENDED, AppendStatus.REJECTED, AppendStatus.APPENDED);
        assertThat(reply.getResults(2).getErrorCode()).isEqualTo("BAD_MAILBOX");
        assertThat(reply.getAppended()).isEqualTo(3);
        List<Long> history = client.stub.recent(RecentRequest.newBuilder().setMboxId("room:" + room).setLimit(10)
                .build()).getMessagesList().stream().map(Message::getMsgId).toList();
        assertThat(history).containsExactly(base + 1, base + 4);
        // the broadcast is readable where it is documented: mailbox `global`, open to everyone
        List<Long> global = given().queryParam("before", 0).queryParam("limit", 100)
                .get("/v1/mailboxes/global/messages").then().statusCode(200).extract().jsonPath()
                .getList("messages.msgId", Long.class);
        assertThat(global).contains(base + 2);

        AppendBatchReply again = client.append(batch);   // a retried batch: duplicates, the bad one still refused
        assertThat(again.getResultsList()).extracting(r -> r.getStatus()).containsExactly(AppendStatus.DUPLICATE,
                AppendStatus.DUPLICATE, AppendStatus.REJECTED, AppendStatus.DUPLICATE);
    }

    @Test
    void everyReadPathReturnsEachMsgIdOnceWhateverItsOptionalFields() {
        String room = MailboxClient.newRoom();
        long now = System.currentTimeMillis();
        long base = now * 1024;
        List<MailboxEntry> entries = new ArrayList<>();
        entries.add(MailboxClient.room(room, Message.newBuilder().setRoomId(room).setMsgId(base + 1)
                .setType(MessageType.NOTIFY).setPriority(150).setBody("n1").setCreatedAtMs(now).build()));   // no sender
        entries.add(MailboxClient.room(room, Message.newBuilder().setMsgId(base + 2).setType(MessageType.NOTIFY)
                .setPriority(150).setBody("n2").setCreatedAtMs(now).setConflateKey("notice")
                .setSender(dev.roomcast.proto.v1.Sender.getDefaultInstance()).build()));   // empty sender, no room id
        entries.add(MailboxClient.room(room, MailboxClient.message(room, base + 3, MessageType.CHAT, 100, now, 60_000)));
        entries.add(MailboxClient.room(room, MailboxClient.chat(room, base + 4, 110)));
        entries.add(MailboxClient.room(room, MailboxClient.chat(room, base + 5, 120)));
        assertThat(client.append(entries).getAppended()).isEqualTo(5);
        // The feed wrote the window; now a rebuild from PostgreSQL writes the rows' own encoding over it.
        hot.markCold(room).await().atMost(Duration.ofSeconds(5));
        List<Long> expected = List.of(base + 1, base + 2, base + 3, base + 4, base + 5);

        List<Long> recent = given().queryParam("limit", 50).get("/v1/rooms/" + room + "/messages/recent")
                .then().statusCode(200).extract().jsonPath().getList("messages.msgId", Long.class);
        assertThat(recent).containsExactlyElementsOf(expected);
        List<Long> polled = given().queryParam("cursor", 0).queryParam("limit", 50)
                .get("/v1/rooms/" + room + "/poll").then().statusCode(200).extract().jsonPath()
                .getList("messages.msgId", Long.class);
        assertThat(polled).containsExactlyInAnyOrderElementsOf(expected);
        List<Long> limited = given().queryParam("cursor", 0).queryParam("limit", 5)
                .get("/v1/rooms/" + room + "/poll").then().statusCode(200).extract().jsonPath()
                .getList("messages.msgId", Long.class);
        assertThat(limited).as("duplicates never eat the poll limit").containsExactlyInAnyOrderElementsOf(expected);
        List<Long> range = given().queryParam("after", 0).queryParam("limit", 50)
                .get("/v1/mailboxes/room:" + room + "/messages").then().statusCode(200).extract().jsonPath()
                .getList("messages.msgId", Long.class);
        assertThat(range).containsExactlyElementsOf(expected);
        List<Long> grpcRecent = client.stub.recent(RecentRequest.newBuilder().setMboxId("room:" + room).setLimit(50)
                .build()).getMessagesList().stream().map(Message::getMsgId).toList();
        assertThat(grpcRecent).containsExactlyElementsOf(expected);
    }
}
