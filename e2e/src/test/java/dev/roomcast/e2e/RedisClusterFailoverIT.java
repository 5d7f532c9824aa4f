package dev.roomcast.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.roomcast.devstack.RedisCluster;
import dev.roomcast.e2e.harness.ClusterTest;
import dev.roomcast.e2e.harness.Rooms;
import dev.roomcast.e2e.harness.ServiceProcess;
import dev.roomcast.e2e.harness.Viewer;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Redis Cluster loses a master (3 masters + 3 replicas; runs in the {@code redis-cluster} e2e run only).
 * The master holding the room's slot is shut down while gifts keep being paid; its replica takes over,
 * and publishing, joining and gift delivery resume with every acknowledged gift delivered to the anchor
 * exactly once, in order. Prints the time from the stop to the promotion and to each resumed path.
 * The stopped node is started again afterwards (it rejoins as a replica) so later runs find 3 + 3.
 */
class RedisClusterFailoverIT extends ClusterTest {

    @Test
    void masterFailoverResumesPublishingJoiningAndGiftsWithoutLosingAnAcknowledgedGift() throws Exception {
        assumeTrue(RedisCluster.clusterMode(), "Redis Cluster failover runs in the redis-cluster e2e run only");
        String room = Rooms.unique("redis-failover");
        int slot = RedisCluster.keySlot(room);   // every key of the room carries the {room} tag: this slot
        List<RedisCluster.Node> nodes = RedisCluster.nodes();
        RedisCluster.Node master = nodes.stream().filter(n -> n.master() && n.holds(slot)).findFirst()
                .orElseThrow(() -> new AssertionError("no master serves slot " + slot + ": " + nodes));
        Optional<RedisCluster.Node> replica = nodes.stream().filter(n -> !n.master() && n.masterId().equals(master.id()))
                .findFirst();
        assumeTrue(replica.isPresent(), "the test cluster has no replica of " + master.port()
                + " (start it with replicas: devstack/redis-cluster.sh start DIR)");

        Viewer anchor = clients.anchor("anchor-" + room, room, c -> c);
        anchor.client().joinAsAnchor(room, 0).toCompletableFuture().orTimeout(60, TimeUnit.SECONDS).join();
        Viewer viewer = clients.viewer("fo-viewer");
        viewer.join(room);
        long first = cluster.api.chat(room, "host", 20, "before the failover").msgId();
        await().atMost(Duration.ofSeconds(20)).until(() -> viewer.persistedCounts(room).containsKey(first));
        // The anchor's connection is a member of room:R too: anchor + viewer.
        await().atMost(Duration.ofSeconds(20)).until(() -> cluster.api.onlineCount(room) == 2);

        // The payment backend keeps paying gifts throughout, retrying an order until it is acknowledged.
        Map<Long, String> acknowledged = new ConcurrentHashMap<>();
        AtomicBoolean paying = new AtomicBoolean(true);
        AtomicInteger refused = new AtomicInteger();
        Thread payments = new Thread(() -> {
            for (int i = 0; paying.get(); i++) {
                String order = "order-" + room + "-" + i;
                while (true) {
                    try {
                        acknowledged.put(cluster.api.sendGift(order, room, "fan-" + i % 7, 1, 100).join(), order);
                        break;
                    } catch (RuntimeException e) {
                        refused.incrementAndGet();
                        ServiceProcess.sleep(200);
                    }
                }
                ServiceProcess.sleep(100);   // about eight gifts a second
            }
        }, "e2e-payments");
        payments.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> acknowledged.size() >= 5);

        Restart restart = Restart.of(master);
        long stopped = System.nanoTime();
        RedisCluster.call(master.host(), master.port(), "SHUTDOWN", "NOSAVE");
        try {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
                String role = RedisCluster.call(replica.get().host(), replica.get().port(), "ROLE");
                return role != null && role.contains("$6\r\nmaster");
            });
            long promotedMs = millisSince(stopped);

            Set<Long> afterStop = ConcurrentHashMap.newKeySet();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
                try {
                    afterStop.add(cluster.api.chat(room, "host", 20, "after the failover").msgId());
                } catch (RuntimeException e) {
                    return false;   // the publisher retries
                }
                return viewer.persistedCounts(room).keySet().stream().anyMatch(afterStop::contains);
            });
            long publishMs = millisSince(stopped);

            Viewer joiner = clients.viewer("fo-joiner");
            joiner.join(room);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> cluster.api.onlineCount(room) == 3);
            long joinMs = millisSince(stopped);

            int paidAtRecovery = acknowledged.size();
            await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.size() >= paidAtRecovery + 10);
            paying.set(false);
            payments.join(TimeUnit.SECONDS.toMillis(60));
            int paid = acknowledged.size();
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> anchor.giftCount() >= paid);
            long giftsMs = millisSince(stopped);
            await().atMost(Duration.ofSeconds(30)).until(() -> cluster.api.giftAckedSeq(room) == paid);

            List<Viewer.Received> got = anchor.gifts();
            assertThat(got).as("every acknowledged gift reaches the anchor once").hasSize(paid);
            for (int i = 0; i < paid; i++) {
                assertThat(got.get(i).gift().getSeq()).as("gift #%d in sequence order", i).isEqualTo(i + 1L);
                assertThat(got.get(i).gift().getOrderId()).isEqualTo(acknowledged.get(i + 1L));
            }
            List<Long> resumed = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                resumed.add(cluster.api.chat(room, "host", 20, "steady again #" + i).msgId());
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> viewer.persistedCounts(room).keySet().containsAll(resumed)
                    && joiner.persistedCounts(room).keySet().containsAll(resumed));
            assertThat(viewer.persistedCounts(room).values()).allMatch(c -> c == 1);
            System.out.printf("%n[e2e redis failover] master 127.0.0.1:%d (slot %d of room %s) stopped; replica :%d "
                            + "promoted after %d ms; publish delivered again after %d ms; a join counted after %d ms; "
                            + "%d acknowledged gifts all at the anchor once, in order, after %d ms (%d gift calls refused "
                            + "and retried during the failover)%n%n",
                    master.port(), slot, room, replica.get().port(), promotedMs, publishMs, joinMs, paid, giftsMs,
                    refused.get());
        } finally {
            paying.set(false);
            payments.join(TimeUnit.SECONDS.toMillis(60));
            restart.run();
        }
    }

    private static long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }

    /** Starts a stopped node again with its own settings; with its nodes.conf it rejoins as a replica. */
    private record Restart(int port, String dir, String nodesFile, String nodeTimeout, String logFile) {

        static Restart of(RedisCluster.Node node) {
            return new Restart(node.port(), config(node, "dir"), config(node, "cluster-config-file"),
                    config(node, "cluster-node-timeout"), config(node, "logfile"));
        }

        private static String config(RedisCluster.Node node, String name) {
            // CONFIG GET answers *2 $len name $len value: the value is the fifth line.
            String reply = RedisCluster.call(node.host(), node.port(), "CONFIG", "GET", name);
            String[] lines = reply == null ? new String[0] : reply.split("\r\n");
            if (lines.length < 5) {
                throw new IllegalStateException("CONFIG GET " + name + " on " + node.port() + " answered " + reply);
            }
            return lines[4];
        }

        void run() throws IOException, InterruptedException {
            List<String> cmd = new ArrayList<>(List.of("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--cluster-enabled", "yes", "--cluster-config-file", nodesFile, "--cluster-node-timeout", nodeTimeout,
                    "--dir", dir, "--save", "", "--appendonly", "no", "--daemonize", "yes"));
            if (!logFile.isEmpty()) {
                cmd.addAll(List.of("--logfile", logFile));
            }
            Process p = new ProcessBuilder(cmd).inheritIO().start();
            assertThat(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0).as("redis-server restarted on %d", port).isTrue();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
                String role = RedisCluster.call("127.0.0.1", port, "ROLE");
                String info = RedisCluster.call("127.0.0.1", port, "CLUSTER", "INFO");
                return role != null && role.contains("$5\r\nslave") && info != null && info.contains("cluster_state:ok");
            });
        }
    }
}
