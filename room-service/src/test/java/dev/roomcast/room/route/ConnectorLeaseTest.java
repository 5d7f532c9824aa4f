package dev.roomcast.room.route;

import static dev.roomcast.room.support.RoomClient.WAIT;
import static dev.roomcast.room.support.RoomClient.join;
import static dev.roomcast.room.support.RoomClient.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.roomcast.devstack.RoomcastServersResource;
import dev.roomcast.proto.v1.AnnounceMcastsRequest;
import dev.roomcast.proto.v1.ConnectorInfo;
import dev.roomcast.proto.v1.GetRouteRequest;
import dev.roomcast.proto.v1.McastMembers;
import dev.roomcast.proto.v1.MutinyRoomServiceGrpc;
import dev.roomcast.proto.v1.OnlineCountRequest;
import dev.roomcast.proto.v1.RegisterConnectorReply;
import dev.roomcast.proto.v1.RegisterConnectorRequest;
import dev.roomcast.proto.v1.RenewConnectorRequest;
import dev.roomcast.room.membership.Keys;
import dev.roomcast.room.support.RoomClient;
import dev.roomcast.room.support.TestTokens;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = RoomcastServersResource.class, initArgs = @ResourceArg(name = "redis-db", value = "1"))
class ConnectorLeaseTest {

    @GrpcClient("room")
    MutinyRoomServiceGrpc.MutinyRoomServiceStub plain;

    @Inject
    RedisDataSource redis;

    MutinyRoomServiceGrpc.MutinyRoomServiceStub room;

    @BeforeEach
    void setUp() {
        room = RoomClient.withAuth(plain, TestTokens.service());
    }

    @Test
    void registerGrantsTheConfiguredLease() {
        RegisterConnectorReply reply = room.registerConnector(RegisterConnectorRequest.newBuilder()
                .setConnector(RoomClient.connector(unique("c"), 0)).build()).await().atMost(WAIT);
        assertThat(reply.getLeaseMs()).isEqualTo(3000);
        assertThat(reply.getRenewIntervalMs()).isEqualTo(1000);
    }

    @Test
    void renewingALiveLeaseNeedsNoReannounce() {
        ConnectorInfo c = RoomClient.connector(unique("c"), 0);
        RoomClient.register(room, c);
        assertThat(renew(c).getReannounce()).isFalse();
    }

    @Test
    void expiredConnectorLosesItsRoutesAndOnlineCount() {
        String roomId = unique("exp");
        ConnectorInfo dying = RoomClient.connector(unique("dying"), 0);
        ConnectorInfo living = RoomClient.connector(unique("living"), 0);
        RoomClient.register(room, dying);
        RoomClient.register(room, living);
        try (AutoCloseable lease = RoomClient.keepAlive(room, living)) {
            join(room, dying.getConnectorId(), "room:" + roomId, "u1");
            join(room, dying.getConnectorId(), "room:" + roomId, "u2");
            join(room, living.getConnectorId(), "room:" + roomId, "u3");
            assertThat(online(roomId)).isEqualTo(3);

            // dying stops renewing: within lease (3 s) + sweep (0.5 s) its routes are gone.
            await().atMost(Duration.ofSeconds(8)).untilAsserted(() -> {
                assertThat(route("room:" + roomId)).containsExactly(living.getConnectorId());
                assertThat(online(roomId)).isEqualTo(1);
            });
            assertThat(redis.key().exists(Keys.connectorMcasts(dying.getConnectorId()))).isFalse();
            // It comes back: its lease was lost, so it is told to re-announce.
            assertThat(renew(dying).getReannounce()).isTrue();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void renewAfterRedisLostTheConnectorAsksForReannounceAndAnnounceRepairs() {
        String roomId = unique("rep");
        String mcast = "room:" + roomId;
        ConnectorInfo c = RoomClient.connector(unique("c"), 0);
        RoomClient.register(room, c);
        join(room, c.getConnectorId(), mcast, "u1");
        join(room, c.getConnectorId(), mcast, "u2");
        join(room, c.getConnectorId(), "room:" + roomId + "-gone", "u9");

        // Redis loses everything about this connector and the room (a restart without persistence).
        redis.sortedSet(String.class).zrem(Keys.connectorLeases(), c.getConnectorId());
        redis.key().del(Keys.route(mcast), Keys.online(roomId), Keys.viewers(roomId), Keys.enterTimes(roomId));
        assertThat(online(roomId)).isZero();
        assertThat(route(mcast)).isEmpty();

        assertThat(renew(c).getReannounce()).isTrue();
        int routes = room.announceMcasts(AnnounceMcastsRequest.newBuilder().setConnectorId(c.getConnectorId())
                .addMcasts(McastMembers.newBuilder().setMcastId(mcast).setMembers(3).addAllUserIds(List.of("u1", "u2", "u3")))
                .build()).await().atMost(WAIT).getRoutes();

        assertThat(routes).isEqualTo(1);
        assertThat(route(mcast)).containsExactly(c.getConnectorId());
        assertThat(online(roomId)).isEqualTo(3);
        assertThat(room.onlineCount(OnlineCountRequest.newBuilder().setRoomId(roomId).build()).await().atMost(WAIT)
                .getCumulativeViewers()).isEqualTo(3);
        // The mcast it no longer announced is dropped from its routes.
        assertThat(route("room:" + roomId + "-gone")).isEmpty();
        assertThat(renew(c).getReannounce()).isFalse();
    }

    @Test
    void announceIsIdempotentForTheOnlineCount() {
        String roomId = unique("idem");
        ConnectorInfo c = RoomClient.connector(unique("c"), 0);
        RoomClient.register(room, c);
        AnnounceMcastsRequest announce = AnnounceMcastsRequest.newBuilder().setConnectorId(c.getConnectorId())
                .addMcasts(McastMembers.newBuilder().setMcastId("room:" + roomId).setMembers(5)).build();
        room.announceMcasts(announce).await().atMost(WAIT);
        room.announceMcasts(announce).await().atMost(WAIT);
        assertThat(online(roomId)).isEqualTo(5);
    }

    @Test
    void reRegisteringConnectorDropsItsStaleRoutes() {
        String roomId = unique("restart");
        ConnectorInfo c = RoomClient.connector(unique("c"), 0);
        RoomClient.register(room, c);
        join(room, c.getConnectorId(), "room:" + roomId, "u1");
        RoomClient.register(room, c);
        assertThat(route("room:" + roomId)).isEmpty();
        assertThat(online(roomId)).isZero();
    }

    @Test
    void aChunkedAnnounceOfFiftyThousandMembersWithLongIdsSucceedsAndDropsOnlyWhatNoChunkNamed() {
        String roomId = unique("huge");
        String mcast = "room:" + roomId;
        ConnectorInfo c = RoomClient.connector(unique("c"), 0);
        RoomClient.register(room, c);
        join(room, c.getConnectorId(), "room:" + roomId + "-stale", "ghost");
        join(room, c.getConnectorId(), "room:" + roomId + "-early", "e1");

        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 50_000; i++) {
            String n = "u" + i + "-";
            ids.add(n + "x".repeat(128 - n.length()));
        }
        long announceId = 4242;
        int chunks = 8;
        int per = ids.size() / chunks;
        dev.roomcast.proto.v1.AnnounceMcastsReply last = null;
        for (int i = 0; i < chunks; i++) {
            AnnounceMcastsRequest.Builder chunk = AnnounceMcastsRequest.newBuilder().setConnectorId(c.getConnectorId())
                    .setAnnounceId(announceId).setMore(i < chunks - 1)
                    .addMcasts(McastMembers.newBuilder().setMcastId(mcast).setMembers(50_000)
                            .addAllUserIds(ids.subList(i * per, (i + 1) * per)));
            if (i == 0) {
                // Named only in the first chunk: the last chunk must not drop it.
                chunk.addMcasts(McastMembers.newBuilder().setMcastId("room:" + roomId + "-early").setMembers(1));
            }
            assertThat(chunk.build().getSerializedSize()).isLessThan(1 << 20);
            last = room.announceMcasts(chunk.build()).await().atMost(Duration.ofSeconds(30));
        }
        assertThat(online(roomId)).isEqualTo(50_000);
        long viewers = room.onlineCount(OnlineCountRequest.newBuilder().setRoomId(roomId).build()).await().atMost(WAIT)
                .getCumulativeViewers();
        assertThat(viewers).isBetween(49_000L, 51_000L);   // HyperLogLog estimate
        assertThat(route(mcast)).containsExactly(c.getConnectorId());
        assertThat(route("room:" + roomId + "-early")).containsExactly(c.getConnectorId());
        assertThat(route("room:" + roomId + "-stale")).isEmpty();
        assertThat(online(roomId + "-stale")).isZero();
        assertThat(last.getRepaired()).isEqualTo(1);   // the stale route
    }

    @Test
    void aRenewalLateButWithinTheGraceKeepsEveryRouteAndNeedsNoReannounce() throws Exception {
        String roomId = unique("late");
        ConnectorInfo c = RoomClient.connector(unique("c"), 0);
        RoomClient.register(room, c);
        join(room, c.getConnectorId(), "room:" + roomId, "u1");
        // Lease 3 s, grace 1 s in the test profile: renew 3.3 s after the last lease.
        Thread.sleep(3300);
        assertThat(route("room:" + roomId)).containsExactly(c.getConnectorId());
        assertThat(renew(c).getReannounce()).isFalse();
        Thread.sleep(1500);
        assertThat(route("room:" + roomId)).containsExactly(c.getConnectorId());
        assertThat(online(roomId)).isEqualTo(1);
    }

    @Test
    void aReconcileRepairsDriftedCountsAndKeepsMcastsThatAreChanging() {
        String roomId = unique("drift");
        ConnectorInfo c = RoomClient.connector(unique("c"), 0);
        RoomClient.register(room, c);
        join(room, c.getConnectorId(), "room:" + roomId, "u1");
        join(room, c.getConnectorId(), "room:" + roomId + "-busy", "b1");
        join(room, c.getConnectorId(), "room:" + roomId + "-busy", "b2");
        // Two ghost joins (e.g. joins that timed out at the connector but were applied here).
        join(room, c.getConnectorId(), "room:" + roomId, "ghost1");
        join(room, c.getConnectorId(), "room:" + roomId, "ghost2");
        assertThat(online(roomId)).isEqualTo(3);

        var reply = room.announceMcasts(AnnounceMcastsRequest.newBuilder().setConnectorId(c.getConnectorId())
                .addMcasts(McastMembers.newBuilder().setMcastId("room:" + roomId).setMembers(1))
                .addMcasts(McastMembers.newBuilder().setMcastId("room:" + roomId + "-busy").setMembers(-1))
                .build()).await().atMost(WAIT);

        assertThat(reply.getRepaired()).isEqualTo(1);
        assertThat(online(roomId)).isEqualTo(1);
        assertThat(online(roomId + "-busy")).isEqualTo(2);
        assertThat(route("room:" + roomId + "-busy")).containsExactly(c.getConnectorId());
        // Once in step, a reconcile repairs nothing.
        assertThat(room.announceMcasts(AnnounceMcastsRequest.newBuilder().setConnectorId(c.getConnectorId())
                .addMcasts(McastMembers.newBuilder().setMcastId("room:" + roomId).setMembers(1))
                .addMcasts(McastMembers.newBuilder().setMcastId("room:" + roomId + "-busy").setMembers(2))
                .build()).await().atMost(WAIT).getRepaired()).isZero();
    }

    private dev.roomcast.proto.v1.RenewConnectorReply renew(ConnectorInfo c) {
        return room.renewConnector(RenewConnectorRequest.newBuilder().setConnector(c).build()).await().atMost(WAIT);
    }

    private long online(String roomId) {
        return room.onlineCount(OnlineCountRequest.newBuilder().setRoomId(roomId).build()).await().atMost(WAIT).getOnlineCount();
    }

    private List<String> route(String mcast) {
        return room.getRoute(GetRouteRequest.newBuilder().setMcastId(mcast).build()).await().atMost(WAIT)
                .getConnectorsList().stream().map(ConnectorInfo::getConnectorId).toList();
    }
}
