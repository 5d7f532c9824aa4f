package dev.roomcast.room.membership;

import static dev.roomcast.room.support.RoomClient.WAIT;
import static dev.roomcast.room.support.RoomClient.join;
import static dev.roomcast.room.support.RoomClient.leave;
import static dev.roomcast.room.support.RoomClient.unique;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;

import dev.roomcast.devstack.RoomcastServersResource;
import dev.roomcast.proto.v1.ConnectorInfo;
import dev.roomcast.proto.v1.GetRouteRequest;
import dev.roomcast.proto.v1.JoinReply;
import dev.roomcast.proto.v1.JoinRequest;
import dev.roomcast.proto.v1.MutinyRoomServiceGrpc;
import dev.roomcast.proto.v1.OnlineCountRequest;
import dev.roomcast.room.support.RoomClient;
import dev.roomcast.room.support.TestTokens;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = RoomcastServersResource.class, initArgs = @ResourceArg(name = "redis-db", value = "1"))
class MembershipTest {

    @GrpcClient("room")
    MutinyRoomServiceGrpc.MutinyRoomServiceStub plain;

    @Inject
    RedisDataSource redis;

    MutinyRoomServiceGrpc.MutinyRoomServiceStub room;
    String roomId;
    String mcast;
    String connA;
    String connB;
    AutoCloseable leases;

    @org.junit.jupiter.api.AfterEach
    void tearDown() throws Exception {
        leases.close();
    }

    @BeforeEach
    void setUp() {
        room = RoomClient.withAuth(plain, TestTokens.service());
        roomId = unique("m");
        mcast = "room:" + roomId;
        connA = unique("ca");
        connB = unique("cb");
        RoomClient.register(room, RoomClient.connector(connA, 0));
        RoomClient.register(room, RoomClient.connector(connB, 0));
        leases = RoomClient.keepAlive(room, RoomClient.connector(connA, 0), RoomClient.connector(connB, 0));
    }

    @Test
    void joinsAndLeavesMoveTheOnlineCount() {
        assertThat(join(room, connA, mcast, "u1")).isEqualTo(1);
        assertThat(join(room, connA, mcast, "u2")).isEqualTo(2);
        assertThat(join(room, connB, mcast, "u3")).isEqualTo(3);
        assertThat(leave(room, connA, mcast, "u1")).isEqualTo(2);
        assertThat(stats().getOnlineCount()).isEqualTo(2);
        given().header("Authorization", TestTokens.service()).get("/v1/rooms/" + roomId + "/online")
                .then().statusCode(200).body("onlineCount", equalTo(2)).body("cumulativeViewers", equalTo(3));
    }

    @Test
    void concurrentJoinsAndLeavesCoalesceButEachSeesItsOwnSequentialCount() {
        java.util.List<io.smallrye.mutiny.Uni<JoinReply>> joins = new java.util.ArrayList<>();
        for (int i = 0; i < 300; i++) {
            joins.add(room.join(JoinRequest.newBuilder().setConnectorId(connA).setMcastId(mcast).setUserId("c" + i).build()));
        }
        var counts = io.smallrye.mutiny.Uni.join().all(joins).andFailFast().await().atMost(WAIT).stream()
                .map(JoinReply::getOnlineCount).toList();
        // Exact sequential semantics: every count from 1 to 300 was seen by exactly one join.
        assertThat(counts).doesNotHaveDuplicates().hasSize(300).allSatisfy(c -> assertThat(c).isBetween(1L, 300L));
        assertThat(redis.hash(Integer.class).hget(Keys.route(mcast), connA)).isEqualTo(300);

        java.util.List<io.smallrye.mutiny.Uni<dev.roomcast.proto.v1.LeaveReply>> leaves = new java.util.ArrayList<>();
        for (int i = 0; i < 300; i++) {
            leaves.add(room.leave(dev.roomcast.proto.v1.LeaveRequest.newBuilder().setConnectorId(connA).setMcastId(mcast)
                    .setUserId("c" + i).build()));
        }
        io.smallrye.mutiny.Uni.join().all(leaves).andFailFast().await().atMost(WAIT);
        assertThat(stats().getOnlineCount()).isZero();
        assertThat(stats().getCumulativeViewers()).isBetween(295L, 305L);
        assertThat(routeIds()).isEmpty();
        assertThat(redis.set(String.class).smembers(Keys.connectorMcasts(connA))).doesNotContain(mcast);
        assertThat(redis.hash(Long.class).hlen(Keys.enterTimes(roomId))).isZero();
    }

    @Test
    void countsUniqueViewersWithHyperLogLog() {
        for (int i = 0; i < 50; i++) {
            join(room, connA, mcast, "viewer-" + i);
            leave(room, connA, mcast, "viewer-" + i);
        }
        // The same 50 people come back: unique viewers do not grow, the online count is back to zero.
        for (int i = 0; i < 50; i++) {
            join(room, connB, mcast, "viewer-" + i);
        }
        var stats = stats();
        assertThat(stats.getOnlineCount()).isEqualTo(50);
        assertThat(stats.getCumulativeViewers()).isBetween(49L, 51L);
    }

    @Test
    void routeHoldsConnectorsWithMembersAndDropsOneAtZero() {
        join(room, connA, mcast, "u1");
        join(room, connA, mcast, "u2");
        join(room, connB, mcast, "u3");
        assertThat(routeIds()).containsExactlyInAnyOrder(connA, connB);
        assertThat(redis.hash(Integer.class).hget(Keys.route(mcast), connA)).isEqualTo(2);

        leave(room, connB, mcast, "u3");
        assertThat(routeIds()).containsExactly(connA);
        assertThat(redis.hash(Integer.class).hexists(Keys.route(mcast), connB)).isFalse();
        assertThat(redis.set(String.class).smembers(Keys.connectorMcasts(connB))).doesNotContain(mcast);
    }

    @Test
    void recordsEnterTimeAndForgetsItOnLeave() {
        long before = System.currentTimeMillis();
        join(room, connA, mcast, "enterer");
        Long entered = redis.hash(Long.class).hget(Keys.enterTimes(roomId), "enterer");
        assertThat(entered).isBetween(before, System.currentTimeMillis());
        leave(room, connA, mcast, "enterer");
        assertThat(redis.hash(Long.class).hget(Keys.enterTimes(roomId), "enterer")).isNull();
    }

    @Test
    void keysOfOneRoomShareOneHashTag() {
        join(room, connA, mcast, "u1");
        for (String key : new String[] {Keys.route(mcast), Keys.online(roomId), Keys.viewers(roomId), Keys.enterTimes(roomId)}) {
            assertThat(key).contains("{" + roomId + "}");
            assertThat(redis.key().exists(key)).as(key).isTrue();
        }
    }

    @Test
    void leaveWithoutJoinDoesNotGoNegative() {
        assertThat(leave(room, connA, mcast, "ghost")).isZero();
        assertThat(stats().getOnlineCount()).isZero();
        assertThat(routeIds()).isEmpty();
    }

    @Test
    void giftChannelJoinIsRoutedButNotCountedOnline() {
        join(room, connA, "gift:" + roomId, "anchor");
        assertThat(stats().getOnlineCount()).isZero();
        var route = room.getRoute(GetRouteRequest.newBuilder().setMcastId("gift:" + roomId).build()).await().atMost(WAIT);
        assertThat(route.getConnectorsList()).extracting(ConnectorInfo::getConnectorId).containsExactly(connA);
    }

    @Test
    void joinReplyCarriesTiersAndLastMsgId() {
        JoinReply reply = room.join(JoinRequest.newBuilder().setConnectorId(connA).setMcastId(mcast).setUserId("t")
                .build()).await().atMost(WAIT);
        assertThat(reply.getPollIntervalMs()).isEqualTo(1500);
        assertThat(reply.getHeartbeatIntervalMs()).isEqualTo(25_000);
        assertThat(reply.getLastMsgId()).isZero();
    }

    @Test
    void refusesMalformedMcastAndMissingConnector() {
        assertThatThrownBy(() -> room.join(JoinRequest.newBuilder().setConnectorId(connA).setMcastId("room:{x}").build())
                .await().atMost(WAIT)).isInstanceOfSatisfying(StatusRuntimeException.class,
                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
        assertThatThrownBy(() -> room.join(JoinRequest.newBuilder().setMcastId(mcast).build()).await().atMost(WAIT))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getDescription()).startsWith("MISSING_CONNECTOR"));
    }

    private dev.roomcast.proto.v1.OnlineCountReply stats() {
        return room.onlineCount(OnlineCountRequest.newBuilder().setRoomId(roomId).build()).await().atMost(WAIT);
    }

    private java.util.List<String> routeIds() {
        return room.getRoute(GetRouteRequest.newBuilder().setMcastId(mcast).build()).await().atMost(WAIT)
                .getConnectorsList().stream().map(ConnectorInfo::getConnectorId).toList();
    }
}
