package dev.roomcast.mailbox;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roomcast.devstack.RoomcastServersResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Pollers of a room asking with the same cursor within share-millis get one shared answer; another cursor,
 * or the same one after the window, is computed afresh, so what was appended meanwhile is never lost — only
 * seen one window later, with the next cursor it was answered with.
 */
@QuarkusTest
@TestProfile(SharedPollAnswersTest.Sharing.class)
@QuarkusTestResource(value = RoomcastServersResource.class, initArgs = @ResourceArg(name = "redis-db", value = "2"))
class SharedPollAnswersTest {

    static final long SHARE_MILLIS = 1500;

    public static class Sharing implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("roomcast.mailbox.poll.share-millis", String.valueOf(SHARE_MILLIS));
        }
    }

    static MailboxClient client;

    @BeforeAll
    static void connect() {
        client = new MailboxClient(18083);
    }

    @AfterAll
    static void disconnect() throws InterruptedException {
        client.close();
    }

    @Test
    void pollsWithTheSameCursorShareOneAnswerUntilItExpiresAndNothingIsSkipped() throws InterruptedException {
        String room = MailboxClient.newRoom();
        client.append(MailboxClient.chats(room, 1, 3));
        double hitsBefore = counter("mailbox_poll_shared_total\\{result=\"hit\"}");

        String first = pollBody(room, "0");
        client.append(MailboxClient.chats(room, 4, 4));
        String second = pollBody(room, "0");
        assertThat(second).as("shared within the window").isEqualTo(first);
        assertThat(JsonPath.from(second).getList("messages.msgId", Long.class)).containsExactly(1L, 2L, 3L);
        assertThat(JsonPath.from(second).getLong("nextCursor")).isEqualTo(3L);
        assertThat(counter("mailbox_poll_shared_total\\{result=\"hit\"}")).isEqualTo(hitsBefore + 1);

        // The shared answer's next cursor picks up what came meanwhile: another key, computed afresh.
        assertThat(JsonPath.from(pollBody(room, "3")).getList("messages.msgId", Long.class)).containsExactly(4L);

        Thread.sleep(SHARE_MILLIS + 200);
        assertThat(JsonPath.from(pollBody(room, "0")).getList("messages.msgId", Long.class))
                .as("after the window: computed again").containsExactly(1L, 2L, 3L, 4L);
        assertThat(given().get("/q/metrics").asString()).containsPattern("mailbox_poll_duration_seconds_count [1-9]");
    }

    @Test
    void aBadPollIsRefusedWithItsTypedErrorAndNotShared() {
        given().get("/v1/rooms/{r}/poll?cursor=x", MailboxClient.newRoom()).then().statusCode(400);
        String room = MailboxClient.newRoom();
        given().get("/v1/rooms/{r}/poll?cursor=-5", room).then().statusCode(400);
        given().get("/v1/rooms/{r}/poll?cursor=0&limit=100000", room).then().statusCode(400);
    }

    private static String pollBody(String room, String cursor) {
        return given().get("/v1/rooms/{r}/poll?cursor={c}&limit=50", room, cursor).then().statusCode(200)
                .contentType("application/json").extract().asString();
    }

    private static double counter(String pattern) {
        Matcher m = Pattern.compile(pattern + " ([0-9.E]+)").matcher(given().get("/q/metrics").asString());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
