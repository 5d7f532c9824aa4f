package dev.roomcast.connector.backend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roomcast.connector.support.FakeRoomService;
import dev.roomcast.proto.v1.JoinReply;
import dev.roomcast.proto.v1.JoinRequest;
import dev.roomcast.proto.v1.LeaveRequest;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcService;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class MembershipBatchingTest {

    @Inject
    RoomGateway gateway;

    @Inject
    @GrpcService
    FakeRoomService room;

    @Test
    void twoHundredConcurrentJoinsBecomeAHandfulOfUpdateMembershipCalls() {
        String mcast = "room:batch-" + UUID.randomUUID();
        int callsBefore = room.batches.size();
        List<Uni<JoinReply>> joins = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            joins.add(gateway.join(join(mcast, "c" + i)));
        }
        List<JoinReply> replies = Uni.join().all(joins).andFailFast().await().atMost(Duration.ofSeconds(10));

        long calls = room.batches.stream().skip(callsBefore)
                .filter(b -> b.getChangesList().stream().anyMatch(c -> c.getMcastId().equals(mcast))).count();
        assertThat(calls).isBetween(1L, 5L);
        assertThat(room.joins.stream().filter(j -> j.getMcastId().equals(mcast))).hasSize(200);
        // each caller got its own result: the online counts 1..200, once each
        assertThat(replies.stream().map(JoinReply::getOnlineCount).distinct()).hasSize(200);
        assertThat(replies).allMatch(r -> r.getLastMsgId() == 42 && r.getHeartbeatIntervalMs() == 10_000);

        long left = gateway.leave(LeaveRequest.newBuilder().setConnectorId("connector-test").setMcastId(mcast)
                .setUserId("u0").setConnectionId("c0").build()).await().atMost(Duration.ofSeconds(5)).getOnlineCount();
        assertThat(left).isEqualTo(199);
    }

    @Test
    void aFailingChangeFailsOnlyItsOwnCaller() {
        String good = "room:ok-" + UUID.randomUUID();
        String bad = "room:down-" + UUID.randomUUID();
        room.failingMcasts.add(bad);
        try {
            Uni<JoinReply> first = gateway.join(join(good, "g1"));
            Uni<JoinReply> failing = gateway.join(join(bad, "b1"));
            Uni<JoinReply> second = gateway.join(join(good, "g2"));
            List<Object> outcomes = Uni.join().all(first.map(r -> (Object) r), failing.map(r -> (Object) r)
                            .onFailure().recoverWithItem(e -> e), second.map(r -> (Object) r))
                    .andFailFast().await().atMost(Duration.ofSeconds(5));
            assertThat(outcomes.get(0)).isInstanceOf(JoinReply.class);
            assertThat(outcomes.get(1)).isInstanceOf(StatusRuntimeException.class);
            assertThat(outcomes.get(2)).isInstanceOf(JoinReply.class);
            assertThat(((JoinReply) outcomes.get(2)).getOnlineCount()).isEqualTo(2);
        } finally {
            room.failingMcasts.remove(bad);
        }
    }

    @Test
    void statusOfMapsRoomServiceErrorCodes() {
        assertThat(MembershipCoalescer.statusOf("bad_mcast: x").getCode())
                .isEqualTo(io.grpc.Status.Code.INVALID_ARGUMENT);
        assertThat(MembershipCoalescer.statusOf("overloaded: x").getCode())
                .isEqualTo(io.grpc.Status.Code.RESOURCE_EXHAUSTED);
        assertThat(MembershipCoalescer.statusOf("unavailable: x").getCode()).isEqualTo(io.grpc.Status.Code.UNAVAILABLE);
        // room-service's codes are upper case since the one-casing change; both read the same.
        assertThat(MembershipCoalescer.statusOf("BAD_MCAST: x").getCode()).isEqualTo(io.grpc.Status.Code.INVALID_ARGUMENT);
        assertThat(MembershipCoalescer.statusOf("OVERLOADED: x").getCode()).isEqualTo(io.grpc.Status.Code.RESOURCE_EXHAUSTED);
    }

    private static JoinRequest join(String mcast, String connection) {
        return JoinRequest.newBuilder().setConnectorId("connector-test").setMcastId(mcast)
                .setUserId("u" + connection.substring(1)).setConnectionId(connection).build();
    }
}
