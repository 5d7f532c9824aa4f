package dev.roomcast.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.roomcast.e2e.harness.Cluster;
import dev.roomcast.e2e.harness.ClusterTest;
import dev.roomcast.e2e.harness.RawConnection;
import dev.roomcast.e2e.harness.Rooms;
import dev.roomcast.proto.v1.Frame;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Online counts are exact: a room's count is the number of connections in it (a user on two devices
 * counts twice), whatever the client does and whatever happens to connectors and Redis. Real
 * connectors, room-services and Redis; plain WebSocket clients.
 */
class OnlineCountIT extends ClusterTest {

    private RawConnection connect(int wsPort, String userId) {
        RawConnection c = new RawConnection(wsPort);
        assertThat(c.auth(cluster.api.tokens().viewer(userId, Duration.ofHours(1))).hasAuthOk()).isTrue();
        return c;
    }

    private void awaitOnline(String room, long expected) {
        await().atMost(RawConnection.patience()).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(cluster.api.onlineCount(room)).isEqualTo(expected));
    }

    @Test
    void aConnectionJoiningTheSameRoomSixTimesCountsOnceAndZeroAfterItCloses() {
        String room = Rooms.unique("count-rejoin");
        try (RawConnection c = connect(Cluster.CONNECTOR_A_WS, "rejoiner")) {
            for (int i = 0; i < 6; i++) {
                Frame ok = c.join(room);
                assertThat(ok.hasJoinOk()).as("join %d: %s", i, ok).isTrue();
                assertThat(ok.getJoinOk().getOnlineCount()).isEqualTo(1);
            }
            assertThat(cluster.api.onlineCount(room)).isEqualTo(1);
        }
        awaitOnline(room, 0);
    }

    @Test
    void aUserOnTwoConnectionsCountsTwiceOncePerConnection() {
        String room = Rooms.unique("count-two");
        try (RawConnection phone = connect(Cluster.CONNECTOR_A_WS, "two-devices");
             RawConnection pc = connect(Cluster.CONNECTOR_B_WS, "two-devices")) {
            phone.join(room);
            pc.join(room);
            assertThat(cluster.api.onlineCount(room)).isEqualTo(2);
            phone.close();
            awaitOnline(room, 1);
        }
        awaitOnline(room, 0);
    }

    @Test
    void redisLosingItsDataConvergesBackToTheTrueCount() {
        String room = Rooms.unique("count-flush");
        List<RawConnection> conns = new ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) {
                RawConnection c = connect(i % 2 == 0 ? Cluster.CONNECTOR_A_WS : Cluster.CONNECTOR_B_WS, "flush-" + i);
                c.join(room);
                conns.add(c);
            }
            assertThat(cluster.api.onlineCount(room)).isEqualTo(5);
            cluster.redis.flushDb();
            // The connectors' next renewal learns the loss and re-announces their members.
            awaitOnline(room, 5);
        } finally {
            conns.forEach(RawConnection::close);
        }
        awaitOnline(room, 0);
    }

    @Test
    void aDriftedCountIsRepairedByTheConnectorsReconcile() {
        String room = Rooms.unique("count-drift");
        try (RawConnection c = connect(Cluster.CONNECTOR_A_WS, "drifter")) {
            c.join(room);
            // What a join that timed out at the connector but was applied later leaves behind: two ghosts.
            // (Key layout: room-service's Keys; the route hash maps connector id -> member connections.)
            cluster.redis.command("HINCRBY", "rc:{" + room + "}:route:room:" + room, "connector-a", "2");
            cluster.redis.command("INCRBY", "rc:{" + room + "}:online", "2");
            assertThat(cluster.api.onlineCount(room)).isEqualTo(3);
            awaitOnline(room, 1);
            assertThat(cluster.api.metric(cluster.connectorA, "roomcast_connector_membership_repaired_total", ""))
                    .isGreaterThanOrEqualTo(1);
        }
        awaitOnline(room, 0);
    }

    @Test
    void aKilledConnectorsMembersLeaveTheCountWhenItsLeaseAndGraceRunOut() {
        String room = Rooms.unique("count-kill");
        RawConnection onA = connect(Cluster.CONNECTOR_A_WS, "survivor");
        RawConnection onB1 = connect(Cluster.CONNECTOR_B_WS, "victim-1");
        RawConnection onB2 = connect(Cluster.CONNECTOR_B_WS, "victim-2");
        try {
            onA.join(room);
            onB1.join(room);
            onB2.join(room);
            assertThat(cluster.api.onlineCount(room)).isEqualTo(3);
            cluster.connectorB.kill();
            awaitOnline(room, 1);
        } finally {
            onA.close();
            onB1.close();
            onB2.close();
        }
        awaitOnline(room, 0);
    }
}
