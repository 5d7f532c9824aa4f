package dev.roomcast.mailbox;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import dev.roomcast.common.auth.TokenIssuer;
import dev.roomcast.devstack.RoomcastServersResource;
import dev.roomcast.proto.v1.AppendBatchReply;
import dev.roomcast.proto.v1.AppendStatus;
import dev.roomcast.proto.v1.MailboxEntry;
import dev.roomcast.proto.v1.Message;
import dev.roomcast.proto.v1.RangeRequest;
import dev.roomcast.proto.v1.RecentRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@QuarkusTest
@QuarkusTestResource(value = RoomcastServersResource.class, initArgs = @ResourceArg(name = "redis-db", value = "2"))
class BadInputTest {

    static MailboxClient client;

    @BeforeAll
    static void connect() {
        client = new MailboxClient(18083);
    }

    @AfterAll
    static void disconnect() throws InterruptedException {
        client.close();
    }

    @ParameterizedTest
    @CsvSource({
        "/v1/rooms/r1/messages/recent?limit=-1, BAD_LIMIT",
        "/v1/rooms/r1/messages/recent?limit=1000000, BAD_LIMIT",
        "/v1/rooms/r1/messages/recent?limit=ten, BAD_LIMIT",
        "/v1/rooms/r1/poll?cursor=abc, BAD_CURSOR",
        "/v1/rooms/r1/poll?cursor=-5, BAD_CURSOR",
        "/v1/rooms/r1/poll?cursor=99999999999999999999999, BAD_CURSOR",
        "/v1/rooms/r1/poll?limit=0x10, BAD_LIMIT",
        "/v1/mailboxes/room:r1/messages?after=1&before=9, BAD_CURSOR",
        "/v1/mailboxes/room:r1/messages?after=x1, BAD_CURSOR",
        "/v1/mailboxes/chat:r1/messages, BAD_MAILBOX",
        "/v1/mailboxes/room:/messages, BAD_MAILBOX",
        "/v1/rooms/a{b}/poll, BAD_ROOM",
        "/v1/rooms/%E6%88%BF%E9%97%B41/poll, BAD_ROOM",
        "/v1/rooms/%E6%88%BF%E9%97%B41/messages/recent, BAD_ROOM",
    })
    void restRejectsMalformedInputWithATypedCode(String path, String code) {
        given().urlEncodingEnabled(false).get(path.replace("{", "%7B").replace("}", "%7D"))
                .then().statusCode(400).body("code", equalTo(code)).body("message", notNullValue());
    }

    @Test
    void giftAndUserMailboxesNeedTheRightToken() {
        given().get("/v1/mailboxes/gift:r1/messages").then().statusCode(401).body("code", equalTo("UNAUTHENTICATED"));
        TokenIssuer issuer = TokenIssuer.users(MailboxClient.SECRET);
        String viewer = issuer.viewer("bob", Duration.ofMinutes(5));
        given().header("Authorization", "Bearer " + viewer).get("/v1/mailboxes/gift:r1/messages")
                .then().statusCode(403).body("code", equalTo("FORBIDDEN"));
        String anchor = issuer.anchor("alice", Set.of("r1"), Duration.ofMinutes(5));
        given().header("Authorization", "Bearer " + anchor).get("/v1/mailboxes/gift:r1/messages").then().statusCode(200);
        given().header("Authorization", "Bearer " + viewer).get("/v1/mailboxes/user:bob/messages").then().statusCode(200);
    }

    @Test
    void oversizedBatchIsInvalidArgument() {
        String room = MailboxClient.newRoom();
        assertInvalid(() -> client.append(MailboxClient.chats(room, 1, 1001)), "BAD_BATCH");
        assertInvalid(() -> client.append(List.of()), "BAD_BATCH");
    }

    @Test
    void bodyOverTheLimitIsInvalidArgument() {
        String room = MailboxClient.newRoom();
        Message big = MailboxClient.chat(room, 1, 100).toBuilder().setBody("é".repeat(2049)).build();
        assertRejected(client.append(List.of(MailboxClient.room(room, big))), "BODY_TOO_LARGE");
    }

    @Test
    void malformedMessagesAreInvalidArgument() {
        String room = MailboxClient.newRoom();
        assertRejected(client.append(List.of(MailboxClient.room(room, MailboxClient.chat(room, 0, 100)))),
                "BAD_MESSAGE");
        Message noTime = MailboxClient.chat(room, 1, 100).toBuilder().setCreatedAtMs(0).build();
        assertRejected(client.append(List.of(MailboxClient.room(room, noTime))), "BAD_MESSAGE");
        MailboxEntry badMbox = MailboxEntry.newBuilder().setMboxId("nowhere").setMessage(MailboxClient.chat(room, 1, 1))
                .build();
        assertRejected(client.append(List.of(badMbox)), "BAD_MAILBOX");
        assertInvalid(() -> client.stub.recent(RecentRequest.newBuilder().setMboxId("room:" + room).setLimit(-3)
                .build()), "BAD_LIMIT");
        assertInvalid(() -> client.stub.range(RangeRequest.newBuilder().setMboxId("room:" + room).setCursor(-1)
                .build()), "BAD_CURSOR");
    }

    @Test
    void grpcWithoutAServiceTokenIsRejected() throws InterruptedException {
        String room = MailboxClient.newRoom();
        try (MailboxClient anonymous = new MailboxClient(18083, null)) {
            StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class,
                    () -> anonymous.append(MailboxClient.chats(room, 1, 1)));
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        }
        String viewer = TokenIssuer.users(MailboxClient.SECRET).viewer("bob", Duration.ofMinutes(5));
        try (MailboxClient notAService = new MailboxClient(18083, viewer)) {
            StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class,
                    () -> notAService.append(MailboxClient.chats(room, 1, 1)));
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        }
    }

    @Test
    void appendsNeedTheMailboxAppendScopeAndTheServiceKey() throws InterruptedException {
        String room = MailboxClient.newRoom();
        String connector = TokenIssuer.services(MailboxClient.SERVICE_SECRET).service("connector:test", Duration.ofMinutes(5),
                dev.roomcast.common.auth.Scopes.CONNECTOR);
        try (MailboxClient unscoped = new MailboxClient(18083, connector)) {
            StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class,
                    () -> unscoped.append(MailboxClient.chats(room, 1, 1)));
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
            assertThat(e.getStatus().getDescription()).contains("lacks scope mailbox.append");
            // Reads need a service credential, no scope.
            assertThat(unscoped.stub.recent(RecentRequest.newBuilder().setMboxId("room:" + room).setLimit(5).build())
                    .getMessagesCount()).isZero();
        }
        String forged = TokenIssuer.users(MailboxClient.SECRET).signClaims("room-service:forged", dev.roomcast.common.auth.Role.SERVICE,
                List.of(), dev.roomcast.common.auth.Scopes.ROOM_SERVICE, java.time.Instant.now().plusSeconds(300),
                dev.roomcast.common.auth.Issuers.SERVICES, dev.roomcast.common.auth.Issuers.AUDIENCE);
        try (MailboxClient withUserKey = new MailboxClient(18083, forged)) {
            StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class,
                    () -> withUserKey.append(MailboxClient.chats(room, 1, 1)));
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
            assertThat(e.getStatus().getDescription()).contains("BAD_SIGNATURE");
        }
        String foreignAudience = TokenIssuer.services(MailboxClient.SERVICE_SECRET).signClaims("room-service:x",
                dev.roomcast.common.auth.Role.SERVICE, List.of(), dev.roomcast.common.auth.Scopes.ROOM_SERVICE,
                java.time.Instant.now().plusSeconds(300), dev.roomcast.common.auth.Issuers.SERVICES, "billing");
        try (MailboxClient otherAudience = new MailboxClient(18083, foreignAudience)) {
            StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class,
                    () -> otherAudience.append(MailboxClient.chats(room, 1, 1)));
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
            assertThat(e.getStatus().getDescription()).contains("WRONG_AUDIENCE");
        }
    }

    /** A bad entry is refused alone, in its per-entry result; the call itself succeeds. */
    static void assertRejected(AppendBatchReply reply, String code) {
        assertThat(reply.getAppended()).isZero();
        assertThat(reply.getResultsList()).hasSize(1);
        assertThat(reply.getResults(0).getStatus()).isEqualTo(AppendStatus.REJECTED);
        assertThat(reply.getResults(0).getErrorCode()).isEqualTo(code);
    }

    static void assertInvalid(Runnable call, String code) {
        StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, call::run);
        assertThat(e).as("expected INVALID_ARGUMENT " + code).isNotNull();
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(e.getStatus().getDescription()).startsWith(code + ":");
    }
}
