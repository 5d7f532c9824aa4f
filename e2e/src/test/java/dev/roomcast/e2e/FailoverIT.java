package dev.roomcast.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.roomcast.e2e.harness.Api;
import dev.roomcast.e2e.harness.Cluster;
import dev.roomcast.e2e.harness.ClusterTest;
import dev.roomcast.e2e.harness.Rooms;
import dev.roomcast.e2e.harness.ServiceProcess;
import dev.roomcast.e2e.harness.Viewer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Losing a process or Redis's data: clients, rooms and routes find their way back without loss. */
class FailoverIT extends ClusterTest {

    @Test
    void killingAConnectorMovesClientsWithoutLoss() {
        String room = Rooms.unique("conn-kill");
        List<Viewer> viewers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            // No polling while down: what was published meanwhile can only come back by mailbox recovery.
            Viewer v = clients.viewer("mover-" + i, c -> c.pollWhileDisconnected(false));
            v.join(room);
            viewers.add(v);
        }
        Map<String, List<Viewer>> byConnector = viewers.stream().collect(Collectors.groupingBy(Viewer::connectorId));
        String victim = Collections.max(byConnector.entrySet(), (a, b) -> Integer.compare(a.getValue().size(), b.getValue().size())).getKey();
        String survivor = victim.equals("connector-a") ? "connector-b" : "connector-a";
        List<Viewer> moving = byConnector.get(victim);

        List<Long> published = Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 10; i++) {
            published.add(cluster.api.chat(room, "host", 30, "before the crash #" + i).msgId());
        }
        cluster.connector(victim).kill();
        // Keep talking while the clients are away and after they are back.
        int n = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!moving.stream().allMatch(v -> survivor.equals(v.connectorId())) && System.nanoTime() < deadline) {
            published.add(cluster.api.chat(room, "host", 30, "while they move #" + n++).msgId());
            ServiceProcess.sleep(50);
        }
        for (int i = 0; i < 10; i++) {
            published.add(cluster.api.chat(room, "host", 30, "after the move #" + i).msgId());
        }

        await().atMost(Duration.ofSeconds(40)).until(() -> viewers.stream()
                .allMatch(v -> v.persistedCounts(room).keySet().containsAll(published)));
        for (Viewer v : viewers) {
            assertThat(v.persistedCounts(room)).as("%s: every persisted message exactly once", v.userId)
                    .containsOnlyKeys(published).allSatisfy((id, count) -> assertThat(count).isEqualTo(1));
        }
        for (Viewer v : moving) {
            assertThat(v.connectorId()).isEqualTo(survivor);
            assertThat(v.connectorHistory()).startsWith(victim);
        }
        assertThat(n).as("messages were published while the clients were away").isPositive();
    }

    @Test
    void killingARoomServiceInstanceMovesItsRooms() {
        String room = cluster.roomOwnedBy(cluster.roomA, "room-kill");
        Viewer viewer = clients.viewer("room-watcher");
        viewer.join(room);
        List<Long> published = new ArrayList<>();
        published.add(cluster.api.chat(room, "host", 20, "owned by room-a").msgId());
        await().atMost(Duration.ofSeconds(20)).until(() -> viewer.persistedCounts(room).keySet().containsAll(published));

        cluster.roomA.kill();
        // Publishing resumes on room-b: through the load-balanced address, which now reaches room-b only.
        Set<Long> afterKill = ConcurrentHashMap.newKeySet();
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(500)).until(() -> {
            try {
                afterKill.add(cluster.api.chat(room, "host", 20, "after room-a died").msgId());
            } catch (RuntimeException e) {
                return false;   // the room is between owners; the publisher retries
            }
            return viewer.persistedCounts(room).keySet().stream().anyMatch(afterKill::contains);
        });
        // The room has moved once room-a's lease has lapsed: room-b then serves a publish sent to it
        // directly as the owner (neither forwarded nor served "because the owner is unreachable").
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
            double before = forwardsOfAnyOutcome(cluster.roomB);
            long id = cluster.api.chat(cluster.roomB.baseUrl(), room, "host", 20, "owned by room-b?").msgId();
            afterKill.add(id);
            return forwardsOfAnyOutcome(cluster.roomB) == before;
        });
        double forwards = forwardsOfAnyOutcome(cluster.roomB);
        List<Long> resumed = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            resumed.add(cluster.api.chat(cluster.roomB.baseUrl(), room, "host", 20, "on room-b #" + i).msgId());
        }
        assertThat(forwardsOfAnyOutcome(cluster.roomB)).as("room-b serves the room as its owner").isEqualTo(forwards);
        await().atMost(Duration.ofSeconds(20)).until(() -> viewer.persistedCounts(room).keySet().containsAll(resumed));
        System.out.printf("[e2e room failover] live messages lost while room-a's lease ran out: %d of %d "
                        + "(room-b scheduler drops by reason=removed: %.0f)%n",
                afterKill.stream().filter(id -> !viewer.persistedCounts(room).containsKey(id)).count(), afterKill.size(),
                cluster.api.metric(cluster.roomB, "roomcast_scheduler_drops_total", "reason=\"removed\""));
        assertThat(viewer.persistedCounts(room).values()).allMatch(c -> c == 1);
    }

    /**
     * Redis loses its data. A real restart would disturb the other suites sharing this machine's
     * Redis, so the loss is simulated with FLUSHDB on the e2e's own logical DB 5: leases, routes,
     * membership and online counts vanish exactly as after a restart without persistence.
     */
    @Test
    void restartingRedisRebuildsRoutesAndMembership() {
        String room = Rooms.unique("redis-loss");
        Viewer onA = clients.viewer("on-a", c -> c.fixedEndpoint("ws://127.0.0.1:" + Cluster.CONNECTOR_A_WS + "/ws"));
        Viewer onB = clients.viewer("on-b", c -> c.fixedEndpoint("ws://127.0.0.1:" + Cluster.CONNECTOR_B_WS + "/ws"));
        onA.join(room);
        onB.join(room);
        long before = cluster.api.chat(room, "host", 20, "before the loss").msgId();
        await().atMost(Duration.ofSeconds(20)).until(() -> onA.persistedCounts(room).containsKey(before)
                && onB.persistedCounts(room).containsKey(before));
        await().atMost(Duration.ofSeconds(20)).until(() -> cluster.api.onlineCount(room) == 2);
        long connectsA = onA.client().stats().connects();
        long connectsB = onB.client().stats().connects();

        cluster.redis.flushDb();

        Set<Long> afterLoss = ConcurrentHashMap.newKeySet();
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(500)).until(() -> {
            try {
                afterLoss.add(cluster.api.chat(room, "host", 20, "after the loss").msgId());
            } catch (RuntimeException e) {
                return false;
            }
            Function<Viewer, Boolean> got = v -> v.persistedCounts(room).keySet().stream().anyMatch(afterLoss::contains);
            return got.apply(onA) && got.apply(onB);
        });
        await().atMost(Duration.ofSeconds(20)).until(() -> cluster.api.onlineCount(room) == 2);
        cluster.api.awaitConnectors(List.of("connector-a", "connector-b"), Duration.ofSeconds(20));
        assertThat(onA.client().stats().connects()).as("delivered by push over rebuilt routes, not by reconnecting")
                .isEqualTo(connectsA);
        assertThat(onB.client().stats().connects()).isEqualTo(connectsB);

        List<Long> resumed = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            resumed.add(cluster.api.chat(room, "host", 20, "delivery resumed #" + i).msgId());
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> onA.persistedCounts(room).keySet().containsAll(resumed)
                && onB.persistedCounts(room).keySet().containsAll(resumed));
        assertThat(onA.persistedCounts(room).values()).allMatch(c -> c == 1);
        assertThat(onB.persistedCounts(room).values()).allMatch(c -> c == 1);
    }

    private static double forwardsOfAnyOutcome(ServiceProcess instance) {
        return cluster.api.metric(instance, "roomcast_publish_forwards_total", null);
    }
}
