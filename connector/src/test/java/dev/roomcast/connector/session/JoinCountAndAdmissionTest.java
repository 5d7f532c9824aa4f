package dev.roomcast.connector.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roomcast.connector.support.Eventually;
import dev.roomcast.connector.support.FakeRoomService;
import dev.roomcast.connector.support.Tokens;
import dev.roomcast.connector.support.WireClient;
import dev.roomcast.proto.v1.ErrorCode;
import dev.roomcast.proto.v1.Frame;
import dev.roomcast.proto.v1.Join;
import io.quarkus.grpc.GrpcService;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A connection counts once per room; a join storm waits its turn in a bounded queue, and what the queue
 * cannot hold is answered at once with typed retryable refusals.
 */
@QuarkusTest
class JoinCountAndAdmissionTest {

    @Inject
    Vertx vertx;

    @Inject
    @GrpcService
    FakeRoomService room;

    @Test
    void repeatedJoinsOfOneConnectionReachRoomServiceOnceAndLeaveOnce() {
        String connectionId;
        try (WireClient client = WireClient.ws(vertx)) {
            connectionId = client.authenticate(Tokens.viewer("rep-user")).getAuthOk().getConnectionId();
            for (int i = 0; i < 6; i++) {
                Frame ok = client.join(10 + i, "rep-room", false);
                assertThat(ok.getReqId()).isEqualTo(10 + i);
                assertThat(ok.hasJoinOk()).as("join %d answered JoinOk", i).isTrue();
                assertThat(ok.getJoinOk().getOnlineCount()).isEqualTo(1);
            }
            // Six more sent back to back, without waiting: the ones arriving while the first is on its way
            // are answered with it.
            try (WireClient burst = WireClient.ws(vertx)) {
                String burstId = burst.authenticate(Tokens.viewer("rep-burst")).getAuthOk().getConnectionId();
                for (int i = 0; i < 4; i++) {
                    burst.send(Frame.newBuilder().setReqId(20 + i).setJoin(Join.newBuilder().setRoomId("rep-burst-room")).build());
                }
                for (int i = 0; i < 4; i++) {
                    assertThat(burst.next().hasJoinOk()).isTrue();
                }
                assertThat(room.joins.stream().filter(j -> j.getConnectionId().equals(burstId)).count()).isEqualTo(1);
            }
            assertThat(room.joins.stream().filter(j -> j.getConnectionId().equals(connectionId)
                    && j.getMcastId().equals("room:rep-room")).count()).isEqualTo(1);
            assertThat(room.online.get("room:rep-room")).containsExactly(connectionId);
        }
        Eventually.until(Duration.ofSeconds(5), () -> room.online.get("room:rep-room").isEmpty());
        assertThat(room.leaves.stream().filter(l -> l.getConnectionId().equals(connectionId)).count()).isEqualTo(1);
    }

    @Test
    void aJoinStormWaitsItsTurnAndOnlyWhatTheQueueCannotHoldIsRefusedAtOnce() throws Exception {
        int clients = 60;
        List<WireClient> all = new ArrayList<>();
        room.joinDelayMillis.set(1000);
        try {
            for (int i = 0; i < clients; i++) {
                WireClient c = WireClient.tcp(vertx);
                all.add(c);
                c.authenticate(Tokens.viewer("storm-" + i));
            }
            for (int i = 0; i < clients; i++) {
                all.get(i).send(Frame.newBuilder().setReqId(2).setJoin(Join.newBuilder().setRoomId("storm-" + (i % 5))).build());
            }
            // room-service answers after 1 s; by 600 ms every refusal must be there already.
            Thread.sleep(600);
            int refused = 0;
            List<WireClient> served = new ArrayList<>();
            for (WireClient c : all) {
                Frame f = c.poll(Duration.ZERO);
                if (f == null) {
                    served.add(c);
                    continue;
                }
                assertThat(f.hasError()).as("only refusals arrive before room-service answers: %s", f).isTrue();
                assertThat(f.getError().getCode()).isEqualTo(ErrorCode.UNAVAILABLE);
                assertThat(f.getError().getRetryAfterMs()).isPositive();
                refused++;
            }
            // Every join that was not refused at once is served: sent at once or after waiting its turn.
            for (WireClient c : served) {
                assertThat(c.next().hasJoinOk()).isTrue();
            }
            // joins-in-flight-max is 20 and joins-waiting-max 10 in the test profile (the adaptive limit may
            // stand lower, not below its floor, after an earlier test's time-out): the rest are refused at
            // once, none times out.
            assertThat(served).hasSizeBetween(JoinAdmission.MIN_LIMIT + 10, 30);
            assertThat(refused + served.size()).isEqualTo(clients);
        } finally {
            room.joinDelayMillis.set(0);
            all.forEach(WireClient::close);
        }
        Eventually.until(Duration.ofSeconds(5), () -> Set.of(0, 1, 2, 3, 4).stream()
                .allMatch(i -> room.online.getOrDefault("room:storm-" + i, Set.of()).isEmpty()));
    }

    @Test
    void aBurstTheQueueCanHoldIsServedWithoutAnyRefusal() {
        int clients = 25;   // over the in-flight limit (at most 20), within it plus the queue (10)
        List<WireClient> all = new ArrayList<>();
        room.joinDelayMillis.set(300);
        try {
            for (int i = 0; i < clients; i++) {
                WireClient c = WireClient.ws(vertx);
                all.add(c);
                c.authenticate(Tokens.viewer("burst-" + i));
            }
            for (WireClient c : all) {
                c.send(Frame.newBuilder().setReqId(2).setJoin(Join.newBuilder().setRoomId("burst-room")).build());
            }
            for (WireClient c : all) {
                Frame answer = c.next();
                assertThat(answer.hasJoinOk()).as("answer %s", answer).isTrue();
            }
            assertThat(room.members("room:burst-room")).isEqualTo((long) clients);
        } finally {
            room.joinDelayMillis.set(0);
            all.forEach(WireClient::close);
        }
        Eventually.until(Duration.ofSeconds(5), () -> room.online.getOrDefault("room:burst-room", Set.of()).isEmpty());
    }

    @Test
    void aJoinThatTimesOutIsCorrectedWithANewerFigure() {
        // backend-timeout-millis is 1500 in the test profile: room-service answers after 2.5 s, every time.
        room.joinDelayMillis.set(2500);
        try (WireClient client = WireClient.ws(vertx)) {
            client.authenticate(Tokens.viewer("slow-user"));
            // The connector tries three times (two retries of its own), then tells the client.
            Frame answer = client.join(2, "slow-room", false);
            assertThat(answer.getError().getCode()).isEqualTo(ErrorCode.UNAVAILABLE);
            assertThat(answer.getError().getRetryAfterMs()).isPositive();
        } finally {
            room.joinDelayMillis.set(0);
        }
        // Each join reaches room-service late, carrying figure 1; the correction sent when it timed out
        // carries 0 with a newer version, so the room ends empty whichever lands last.
        Eventually.until(Duration.ofSeconds(10), () -> room.batches.stream()
                .flatMap(b -> b.getChangesList().stream())
                .anyMatch(c -> c.getMcastId().equals("room:slow-room") && c.getJoin()));
        var join = room.batches.stream().flatMap(b -> b.getChangesList().stream())
                .filter(c -> c.getMcastId().equals("room:slow-room") && c.getJoin()).findFirst().orElseThrow();
        Eventually.until(Duration.ofSeconds(5), () -> room.corrections.stream()
                .anyMatch(c -> c.getMcastId().equals("room:slow-room")));
        var correction = room.corrections.stream().filter(c -> c.getMcastId().equals("room:slow-room"))
                .findFirst().orElseThrow();
        assertThat(join.getMembersAfter()).isEqualTo(1);
        assertThat(correction.getMembersAfter()).isZero();
        assertThat(correction.getVersion()).isGreaterThan(join.getVersion());
        // Every late join (three attempts) and every correction lands; the newest figure is a correction: 0.
        Eventually.until(Duration.ofSeconds(5), () -> room.batches.stream()
                .flatMap(b -> b.getChangesList().stream())
                .filter(c -> c.getMcastId().equals("room:slow-room") && c.getJoin()).count() == 3);
        Eventually.until(Duration.ofSeconds(5), () -> room.corrections.stream()
                .filter(c -> c.getMcastId().equals("room:slow-room")).count() == 3);
        assertThat(room.members("room:slow-room")).isZero();
    }

    @Test
    void aJoinRoomServiceAnswersLateIsSentAgainByTheConnectorAndTheViewerJustJoins() throws Exception {
        room.joinDelayMillis.set(2000);   // the first attempt times out (backend timeout 1.5 s) ...
        try (WireClient client = WireClient.ws(vertx)) {
            client.authenticate(Tokens.viewer("late-user"));
            client.send(Frame.newBuilder().setReqId(2).setJoin(Join.newBuilder().setRoomId("late-room")).build());
            Thread.sleep(500);
            room.joinDelayMillis.set(0);   // ... the retry is answered at once
            Frame answer = client.next();
            assertThat(answer.hasJoinOk()).as("answer %s", answer).isTrue();
            // The late first join (figure 1) and its correction (0) are older than the retry's figure (1).
            Eventually.until(Duration.ofSeconds(5), () -> room.batches.stream()
                    .flatMap(b -> b.getChangesList().stream())
                    .filter(c -> c.getMcastId().equals("room:late-room") && c.getJoin()).count() == 2);
            Thread.sleep(300);
            assertThat(room.members("room:late-room")).isEqualTo(1L);
        } finally {
            room.joinDelayMillis.set(0);
        }
        Eventually.until(Duration.ofSeconds(5), () -> room.members("room:late-room") == 0);
    }
}
