package dev.roomcast.room.membership;

import static dev.roomcast.room.support.RoomClient.WAIT;
import static dev.roomcast.room.support.RoomClient.join;
import static dev.roomcast.room.support.RoomClient.leave;
import static dev.roomcast.room.support.RoomClient.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roomcast.devstack.RoomcastServersResource;
import dev.roomcast.proto.v1.ConnectorInfo;
import dev.roomcast.proto.v1.GetRouteRequest;
import dev.roomcast.proto.v1.MembershipBatchReply;
import dev.roomcast.proto.v1.MembershipBatchRequest;
import dev.roomcast.proto.v1.MembershipChange;
import dev.roomcast.proto.v1.MembershipResult;
import dev.roomcast.proto.v1.MutinyRoomServiceGrpc;
import dev.roomcast.proto.v1.OnlineCountRequest;
import dev.roomcast.room.support.RoomClient;
import dev.roomcast.room.support.TestTokens;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = RoomcastServersResource.class, initArgs = @ResourceArg(name = "redis-db", value = "1"))
class MembershipBatchTest {

    @GrpcClient("room")
    MutinyRoomServiceGrpc.MutinyRoomServiceStub plain;

    MutinyRoomServiceGrpc.MutinyRoomServiceStub room;
    String conn;
    AutoCloseable leases;

    @BeforeEach
    void setUp() {
        room = RoomClient.withAuth(plain, TestTokens.service());
        conn = unique("cbatch");
        RoomClient.register(room, RoomClient.connector(conn, 0));
        leases = RoomClient.keepAlive(room, RoomClient.connector(conn, 0));
    }

    @AfterEach
    void tearDown() throws Exception {
        leases.close();
    }

    @Test
    void batchedJoinsAndLeavesAcrossTwoRoomsMatchTheSingleCalls() {
        String singleA = unique("sa");
        String singleB = unique("sb");
        long[] single = {
            join(room, conn, "room:" + singleA, "u1"), join(room, conn, "room:" + singleA, "u2"),
            join(room, conn, "room:" + singleB, "u3"), leave(room, conn, "room:" + singleA, "u1"),
            leave(room, conn, "room:" + singleB, "u3"), join(room, conn, "room:" + singleA, "u4"),
        };

        String batchA = unique("ba");
        String batchB = unique("bb");
        MembershipBatchReply reply = update(List.of(
                change(true, batchA, "u1"), change(true, batchA, "u2"), change(true, batchB, "u3"),
                change(false, batchA, "u1"), change(false, batchB, "u3"), change(true, batchA, "u4")));

        assertThat(reply.getResultsList()).allMatch(MembershipResult::getOk);
        assertThat(reply.getResultsList().stream().mapToLong(MembershipResult::getOnlineCount).toArray())
                .containsExactly(single);
        assertThat(reply.getResults(0).getHeartbeatIntervalMs()).isPositive();
        assertThat(reply.getResults(0).getPollIntervalMs()).isPositive();
        assertThat(online(batchA)).isEqualTo(online(singleA)).isEqualTo(2);
        assertThat(online(batchB)).isEqualTo(online(singleB)).isZero();
        assertThat(routeOf(batchA)).isEqualTo(routeOf(singleA)).containsExactly(conn);
        assertThat(routeOf(batchB)).isEqualTo(routeOf(singleB)).isEmpty();
    }

    @Test
    void anInvalidChangeFailsOnlyItself() {
        String roomId = unique("bi");
        MembershipBatchReply reply = update(List.of(change(true, roomId, "u1"),
                MembershipChange.newBuilder().setJoin(true).setMcastId("nonsense").setUserId("u2").build(),
                change(true, roomId, "u3")));

        assertThat(reply.getResultsCount()).isEqualTo(3);
        assertThat(reply.getResults(0).getOk()).isTrue();
        assertThat(reply.getResults(1).getOk()).isFalse();
        assertThat(reply.getResults(1).getError()).startsWith("BAD_MCAST:");
        assertThat(reply.getResults(2).getOk()).isTrue();
        assertThat(reply.getResults(2).getOnlineCount()).isEqualTo(2);
        assertThat(online(roomId)).isEqualTo(2);
    }

    @Test
    void rejectsABatchLargerThanTheBound() {
        String roomId = unique("bo");
        List<MembershipChange> changes = new java.util.ArrayList<>();
        for (int i = 0; i <= MembershipBatch.MAX_CHANGES; i++) {
            changes.add(change(true, roomId, "u" + i));
        }
        assertThatThrownBy(() -> update(changes)).isInstanceOfSatisfying(StatusRuntimeException.class,
                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
        assertThat(online(roomId)).isZero();
    }

    @Test
    void rejectsABatchWithoutConnector() {
        assertThatThrownBy(() -> room.updateMembership(MembershipBatchRequest.newBuilder()
                .addChanges(change(true, unique("bn"), "u1")).build()).await().atMost(WAIT))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
    }

    private MembershipBatchReply update(List<MembershipChange> changes) {
        return room.updateMembership(MembershipBatchRequest.newBuilder().setConnectorId(conn).addAllChanges(changes)
                .build()).await().atMost(WAIT);
    }

    private static MembershipChange change(boolean join, String roomId, String user) {
        return MembershipChange.newBuilder().setJoin(join).setMcastId("room:" + roomId).setUserId(user)
                .setConnectionId(user + "-c").build();
    }

    private long online(String roomId) {
        return room.onlineCount(OnlineCountRequest.newBuilder().setRoomId(roomId).build()).await().atMost(WAIT)
                .getOnlineCount();
    }

    private List<String> routeOf(String roomId) {
        return room.getRoute(GetRouteRequest.newBuilder().setMcastId("room:" + roomId).build()).await().atMost(WAIT)
                .getConnectorsList().stream().map(ConnectorInfo::getConnectorId).toList();
    }
}
