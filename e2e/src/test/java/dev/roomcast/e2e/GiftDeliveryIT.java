package dev.roomcast.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.roomcast.client.ConnectionState;
import dev.roomcast.e2e.harness.Cluster;
import dev.roomcast.e2e.harness.ClusterTest;
import dev.roomcast.e2e.harness.Rooms;
import dev.roomcast.e2e.harness.ServiceProcess;
import dev.roomcast.e2e.harness.TcpProxy;
import dev.roomcast.e2e.harness.Viewer;
import dev.roomcast.e2e.harness.Viewer.Received;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

/** The reliable gift channel end to end: gift-service, a real connector, the reference client as anchor. */
class GiftDeliveryIT extends ClusterTest {

    private static final String ACK_HISTOGRAM = "roomcast_gift_time_to_ack_seconds";

    /**
     * A busy room (about ten gifts a second, some orders replayed by the payment backend) while the
     * anchor's link to its connector is cut and restored three times: the anchor's application
     * gets every gift once, in sequence order, and gift-service ends with all of them acknowledged.
     */
    @Test
    void everyGiftReachesAnchorExactlyOnceAcrossDisconnects() throws Exception {
        giftsAcrossCuts("gifts", 150, 1, 100, 3);
    }

    /**
     * The gift channel's fault test (issue 7): 1,000 gifts as fast as four payment threads send
     * them, while the anchor's link is cut and restored six times: all 1,000 acknowledged, in
     * order, none twice. Prints time-to-ack p50/p99 and the re-push count.
     */
    @Test
    void thousandGiftBurstAcrossRepeatedCutsIsAcknowledgedInOrder() throws Exception {
        giftsAcrossCuts("gift-burst", 1000, 4, 0, 6);
    }

    private void giftsAcrossCuts(String scenario, int gifts, int senders, long pauseMillis, int maxCuts) throws Exception {
        String room = Rooms.unique(scenario);
        try (TcpProxy link = new TcpProxy("anchor-link", 0, List.of(new InetSocketAddress("127.0.0.1", Cluster.CONNECTOR_A_WS)))) {
            Viewer anchor = clients.anchor("anchor-" + room, room, c -> c.fixedEndpoint("ws://127.0.0.1:" + link.port() + "/ws"));
            anchor.client().joinAsAnchor(room, 0).toCompletableFuture().orTimeout(60, TimeUnit.SECONDS).join();
            double repushedBefore = cluster.api.metric(cluster.gift, "roomcast_gift_repushed_total", null);
            TreeMap<Double, Double> ackBefore = cluster.api.histogram(cluster.gift, ACK_HISTOGRAM);

            Map<Long, Long> answeredAt = new ConcurrentHashMap<>();
            Map<Long, String> orderOf = new ConcurrentHashMap<>();
            AtomicBoolean sending = new AtomicBoolean(true);
            AtomicInteger cuts = new AtomicInteger();
            Thread chaos = new Thread(() -> cutAndRestore(link, sending, cuts, maxCuts), "e2e-chaos");
            chaos.start();
            long start = System.nanoTime();
            ExecutorService payments = Executors.newFixedThreadPool(senders);
            try {
                AtomicInteger next = new AtomicInteger();
                List<Future<?>> workers = new ArrayList<>();
                for (int w = 0; w < senders; w++) {
                    workers.add(payments.submit(() -> {
                        for (int i = next.getAndIncrement(); i < gifts; i = next.getAndIncrement()) {
                            String order = "order-" + room + "-" + i;
                            long seq = cluster.api.sendGift(order, room, "fan-" + (i % 50), 1 + i % 3, 10 + i % 100).join();
                            answeredAt.put(seq, System.currentTimeMillis());
                            orderOf.put(seq, order);
                            if (i % 100 == 7) {
                                // The payment backend retries a call it saw time out: same order, same gift.
                                assertThat(cluster.api.sendGift(order, room, "fan-" + (i % 50), 1 + i % 3, 10 + i % 100).join())
                                        .isEqualTo(seq);
                            }
                            if (pauseMillis > 0) {
                                ServiceProcess.sleep(pauseMillis);   // pacing the load, not waiting for a result
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : workers) {
                    f.get(120, TimeUnit.SECONDS);
                }
            } finally {
                payments.shutdownNow();
                sending.set(false);
                chaos.join();
                link.up();
            }
            double sendSeconds = (System.nanoTime() - start) / 1e9;

            try {
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
                    if (anchor.state() == ConnectionState.CLOSED) {
                        throw new AssertionError("the anchor's client gave up (terminal close)");   // fail now, not in 90 s
                    }
                    return anchor.giftCount() >= gifts;
                });
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                        .until(() -> cluster.api.giftAckedSeq(room) == gifts);
            } catch (ConditionTimeoutException | AssertionError e) {
                List<Received> got = anchor.gifts();
                throw new AssertionError("anchor holds " + got.size() + " gifts (last seq "
                        + (got.isEmpty() ? 0 : got.get(got.size() - 1).gift().getSeq()) + "), gift-service acked "
                        + cluster.api.giftAckedSeq(room) + ", anchor " + anchor.state() + " on " + anchor.connectorHistory()
                        + ", connections " + anchor.client().stats().connects() + ", link accepted " + link.acceptedConnections()
                        + ", client errors " + anchor.errors(), e);
            }

            List<Received> got = anchor.gifts();
            assertThat(got).hasSize(gifts);
            for (int i = 0; i < gifts; i++) {
                assertThat(got.get(i).gift().getSeq()).as("gift #%d in sequence order", i).isEqualTo(i + 1L);
                assertThat(got.get(i).gift().getOrderId()).isEqualTo(orderOf.get(i + 1L));
            }
            assertThat(Set.copyOf(orderOf.values())).hasSize(gifts);
            assertThat(cuts.get()).as("the link was cut").isGreaterThanOrEqualTo(2);
            assertThat(anchor.client().stats().connects()).as("the anchor reconnected after cuts").isGreaterThan(1);

            report(scenario, got, answeredAt, sendSeconds, cuts.get(), anchor,
                    cluster.api.metric(cluster.gift, "roomcast_gift_repushed_total", null) - repushedBefore,
                    delta(cluster.api.histogram(cluster.gift, ACK_HISTOGRAM), ackBefore));
        }
    }

    /** Cuts the anchor's link at seeded random moments while gifts are being sent, then restores it. */
    private static void cutAndRestore(TcpProxy link, AtomicBoolean sending, AtomicInteger cuts, int maxCuts) {
        Random random = new Random(8);
        while (sending.get() && cuts.get() < maxCuts) {
            ServiceProcess.sleep(400 + random.nextInt(800));
            link.down();
            cuts.incrementAndGet();
            ServiceProcess.sleep(300 + random.nextInt(900));
            link.up();
        }
    }

    private static void report(String scenario, List<Received> got, Map<Long, Long> answeredAt, double sendSeconds, int cuts, Viewer anchor,
            double repushed, TreeMap<Double, Double> ackBuckets) {
        long[] millis = got.stream().mapToLong(r -> Math.max(0, r.receivedAtMs() - answeredAt.get(r.gift().getSeq())))
                .sorted().toArray();
        System.out.printf("%n[e2e %s] %d gifts in %.1f s of sending, %d link cuts, %d anchor connections; "
                        + "send-to-anchor-app p50 %d ms, p99 %d ms, max %d ms; gift-service time-to-ack p50 <= %s s, "
                        + "p99 <= %s s; re-pushes %.0f%n%n",
                scenario, got.size(), sendSeconds, cuts, anchor.client().stats().connects(), percentile(millis, 50),
                percentile(millis, 99), millis[millis.length - 1], bucketQuantile(ackBuckets, 0.50),
                bucketQuantile(ackBuckets, 0.99), repushed);
    }

    private static TreeMap<Double, Double> delta(TreeMap<Double, Double> after, TreeMap<Double, Double> before) {
        TreeMap<Double, Double> d = new TreeMap<>();
        after.forEach((le, n) -> d.put(le, n - before.getOrDefault(le, 0.0)));
        return d;
    }

    /** The upper bound of the histogram bucket holding quantile q (Prometheus style, from cumulative counts). */
    private static String bucketQuantile(TreeMap<Double, Double> cumulative, double q) {
        if (cumulative.isEmpty() || cumulative.lastEntry().getValue() <= 0) {
            return "n/a";
        }
        double total = cumulative.lastEntry().getValue();
        for (Map.Entry<Double, Double> e : cumulative.entrySet()) {
            if (e.getValue() >= q * total) {
                return String.format("%.3f", e.getKey());
            }
        }
        return "n/a";
    }

    private static long percentile(long[] sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
