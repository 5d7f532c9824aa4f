package dev.roomcast.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.roomcast.e2e.harness.Api.Answer;
import dev.roomcast.e2e.harness.Api.Published;
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
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The server decides push or poll (issue 19): an operator switch and an automatic one under simulated
 * pressure move a room's viewers to short polling and back, spread over the window, every persisted
 * message reaching each viewer exactly once; anchors and gift channels stay on push throughout.
 */
class DeliveryModeIT extends ClusterTest {

    private static final int VIEWERS = 8;

    @Test
    void operatorSwitchMovesEveryViewerToPollingAndBackWithEachMessageExactlyOnce() throws Exception {
        String room = Rooms.unique("delivery-op");
        List<Viewer> viewers = joinViewers(room, VIEWERS);
        Viewer anchor = clients.anchor("anchor-" + room, room, c -> c);
        anchor.client().joinAsAnchor(room, 0).toCompletableFuture().orTimeout(60, TimeUnit.SECONDS).join();
        Publisher publisher = new Publisher(room);
        publisher.start();
        try {
            ServiceProcess.sleep(1500);
            String operator = cluster.api.operatorToken();
            long putAt = System.currentTimeMillis();
            Answer poll = cluster.api.putDelivery(room, operator, "{\"mode\":\"poll\",\"reason\":\"drill\"}");
            assertThat(poll.status()).as("PUT poll: %s", poll.body()).isEqualTo(200);
            assertThat(poll.body().path("mode").asText()).isEqualTo("poll");

            Map<String, Long> switchedAt = new ConcurrentHashMap<>();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
                for (Viewer v : viewers) {
                    if (v.client().stats().switchesToPoll() > 0) {
                        switchedAt.putIfAbsent(v.userId, System.currentTimeMillis() - putAt);
                    }
                }
                return switchedAt.size() == viewers.size();
            });
            List<Long> delays = new ArrayList<>(switchedAt.values());
            Collections.sort(delays);
            System.out.printf("[e2e] switch to poll after (ms): %s%n", delays);
            assertThat(delays.get(delays.size() - 1)).as("all switched within the window (+ slack)")
                    .isLessThan(Cluster.SWITCH_WINDOW_MILLIS + 3000L);
            assertThat(delays.get(delays.size() - 1) - delays.get(0)).as("spread over the window, not all at once")
                    .isGreaterThan(Cluster.SWITCH_WINDOW_MILLIS / 8L);

            Answer get = cluster.api.getDelivery(room);
            assertThat(get.body().path("mode").asText()).isEqualTo("poll");
            assertThat(get.body().path("reason").asText()).isEqualTo("drill");
            assertThat(get.body().path("sinceMs").asLong()).isGreaterThan(0);

            long blocksBefore = viewers.stream().mapToLong(v -> v.client().stats().blocks()).sum();
            long anchorBlocksBefore = anchor.client().stats().blocks();
            ServiceProcess.sleep(3000);
            assertThat(viewers).allSatisfy(v -> assertThat(v.client().stats().polls()).as(v.userId).isGreaterThan(0));
            assertThat(viewers.stream().mapToLong(v -> v.client().stats().blocks()).sum())
                    .as("no room blocks pushed to polling viewers").isEqualTo(blocksBefore);
            assertThat(anchor.client().stats().blocks()).as("the anchor stays on push").isGreaterThan(anchorBlocksBefore);
            assertThat(anchor.client().stats().switchesToPoll()).as("anchors are never switched").isZero();

            Answer push = cluster.api.putDelivery(room, operator, "{\"mode\":\"push\",\"reason\":\"drill over\"}");
            assertThat(push.status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(30)).until(() -> viewers.stream()
                    .allMatch(v -> v.client().stats().switchesToPush() > 0));
            long blocksAfterSwitch = viewers.stream().mapToLong(v -> v.client().stats().blocks()).sum();
            ServiceProcess.sleep(3000);
            assertThat(viewers.stream().mapToLong(v -> v.client().stats().blocks()).sum())
                    .as("blocks pushed again").isGreaterThan(blocksAfterSwitch);
        } finally {
            publisher.stop();
        }
        assertEveryPersistedMessageOnce(room, viewers, publisher.persisted());
        assertThat(cluster.api.getDelivery(room).body().path("mode").asText()).isEqualTo("push");
    }

    @Test
    void overloadedConnectorMovesItsRoomToPollingAndBackWithHysteresis() throws Exception {
        String room = Rooms.unique("delivery-auto");
        List<Viewer> viewers = joinViewers(room, 4);
        Publisher publisher = new Publisher(room);
        publisher.start();
        try {
            ServiceProcess.sleep(1000);
            for (ServiceProcess c : List.of(cluster.connectorA, cluster.connectorB)) {
                assertThat(cluster.api.simulatePressure(c, 0.95).status()).isEqualTo(200);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> viewers.stream()
                    .allMatch(v -> v.client().stats().switchesToPoll() > 0));
            // Between the watermarks: nothing moves, however long.
            for (ServiceProcess c : List.of(cluster.connectorA, cluster.connectorB)) {
                cluster.api.simulatePressure(c, 0.75);
            }
            ServiceProcess.sleep(Cluster.PRESSURE_DWELL_MILLIS + 2000L);
            assertThat(viewers).allSatisfy(v -> assertThat(v.client().stats().switchesToPush()).as(v.userId).isZero());
            long relievedAt = System.currentTimeMillis();
            for (ServiceProcess c : List.of(cluster.connectorA, cluster.connectorB)) {
                cluster.api.simulatePressure(c, 0.1);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> viewers.stream()
                    .allMatch(v -> v.client().stats().switchesToPush() > 0));
            System.out.printf("[e2e] back to push %d ms after relief%n", System.currentTimeMillis() - relievedAt);
            ServiceProcess.sleep(2000);
            assertThat(viewers).allSatisfy(v -> {
                assertThat(v.client().stats().switchesToPoll()).as("no flapping: %s", v.userId).isEqualTo(1);
                assertThat(v.client().stats().switchesToPush()).as("no flapping: %s", v.userId).isEqualTo(1);
            });
        } finally {
            for (ServiceProcess c : List.of(cluster.connectorA, cluster.connectorB)) {
                cluster.api.simulatePressure(c, null);
            }
            publisher.stop();
        }
        assertEveryPersistedMessageOnce(room, viewers, publisher.persisted());
    }

    @Test
    void badDeliveryRequestsGetTypedErrors() {
        String room = Rooms.unique("delivery-bad");
        String operator = cluster.api.operatorToken();
        assertThat(cluster.api.putDelivery(room, operator, "{\"mode\":\"sometimes\"}").code()).isEqualTo("BAD_MODE");
        Answer past = cluster.api.putDelivery(room, operator, "{\"mode\":\"poll\",\"untilMs\":1000}");
        assertThat(past.status()).isEqualTo(400);
        assertThat(past.code()).isEqualTo("BAD_UNTIL");
        assertThat(cluster.api.putDelivery(room, operator, "{\"mode\":\"push\",\"untilMs\":" + (System.currentTimeMillis() + 60_000) + "}")
                .code()).isEqualTo("BAD_UNTIL");
        assertThat(cluster.api.putDelivery("bad%20room", operator, "{\"mode\":\"poll\"}").code()).isEqualTo("BAD_ROOM");
        assertThat(cluster.api.putDelivery(room, operator, "{\"mode\":").code()).isEqualTo("BAD_REQUEST");
        Answer none = cluster.api.putDelivery(room, null, "{\"mode\":\"poll\"}");
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.code()).isEqualTo("UNAUTHORIZED");
        String backend = cluster.api.services().service("e2e-backend-only", Duration.ofHours(1),
                List.of(dev.roomcast.common.auth.Scopes.PUBLISH));
        Answer noScope = cluster.api.putDelivery(room, backend, "{\"mode\":\"poll\"}");
        assertThat(noScope.status()).isEqualTo(403);
        assertThat(noScope.code()).isEqualTo("FORBIDDEN");
        assertThat(cluster.api.getDelivery(room).body().path("mode").asText()).as("nothing was applied").isEqualTo("push");

        Answer timed = cluster.api.putDelivery(room, operator,
                "{\"mode\":\"poll\",\"reason\":\"short\",\"untilMs\":" + (System.currentTimeMillis() + 1500) + "}");
        assertThat(timed.status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(15)).until(() -> "push".equals(cluster.api.getDelivery(room).body().path("mode").asText()));
    }

    private List<Viewer> joinViewers(String room, int n) {
        List<Viewer> viewers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Viewer v = clients.viewer("v" + i + "-" + room);
            v.join(room);
            viewers.add(v);
        }
        return viewers;
    }

    private static void assertEveryPersistedMessageOnce(String room, List<Viewer> viewers, Set<Long> persisted) {
        await().atMost(Duration.ofSeconds(40)).until(() -> viewers.stream()
                .allMatch(v -> v.persistedCounts(room).keySet().containsAll(persisted)));
        for (Viewer v : viewers) {
            Map<Long, Integer> counts = v.persistedCounts(room);
            assertThat(counts.keySet()).as("%s misses none", v.userId).containsAll(persisted);
            assertThat(counts.values()).as("%s sees none twice", v.userId).allMatch(c -> c == 1);
        }
    }

    /** Chats at ~10/s from a background thread; remembers the msgId of each persisted one. */
    private final class Publisher {
        private final String room;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Set<Long> persisted = Collections.synchronizedSet(new TreeSet<>());
        private Thread thread;

        Publisher(String room) {
            this.room = room;
        }

        void start() {
            thread = new Thread(() -> {
                int i = 0;
                while (running.get()) {
                    Published p = cluster.api.chat(room, "chatter-" + (i % 7), 30, "msg #" + i);
                    if (p.persisted() || p.msgId() > 0) {
                        persisted.add(p.msgId());
                    }
                    i++;
                    ServiceProcess.sleep(100);
                }
            }, "delivery-publisher");
            thread.start();
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join(10_000);
        }

        Set<Long> persisted() {
            synchronized (persisted) {
                return Set.copyOf(persisted);
            }
        }
    }
}
