package dev.roomcast.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.roomcast.client.ConnectionState;
import dev.roomcast.e2e.harness.ClusterTest;
import dev.roomcast.e2e.harness.Rooms;
import dev.roomcast.e2e.harness.ServiceProcess;
import dev.roomcast.e2e.harness.Viewer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * The reference client's anchor joining a room against the real connector, room-service and gift-service:
 * both gift cursors (-1 "trust the server", and a seq the app holds) and a join that is refused first.
 */
class AnchorJoinIT extends ClusterTest {

    /**
     * A room whose previous anchor session showed and acknowledged gifts 1-5. A fresh install joins with
     * -1 while gifts keep coming (gift-service's live pushes carry its in-memory cursor, 0 for a room it
     * stopped tracking once fully acknowledged): the app shows exactly the gifts after 5, each once.
     */
    @Test
    void anchorTrustingTheServerCursorShowsOnlyTheGiftsAfterIt() throws Exception {
        String room = Rooms.unique("anchor-trust");
        showAndAcknowledge(room, 5);

        AtomicBoolean sending = new AtomicBoolean(true);
        AtomicInteger sent = new AtomicInteger(5);
        CompletableFuture<Void> payments = CompletableFuture.runAsync(() -> {
            while (sending.get() || sent.get() < 15) {
                int n = sent.incrementAndGet();
                cluster.api.sendGift("order-" + room + "-" + n, room, "fan", 1, 10).join();
                ServiceProcess.sleep(50);   // pacing, so that pushes overlap the join
            }
        });
        Viewer fresh = clients.anchor("anchor-" + room, room, c -> c);
        fresh.client().joinAsAnchor(room, -1).toCompletableFuture().orTimeout(60, TimeUnit.SECONDS).join();
        ServiceProcess.sleep(500);
        sending.set(false);
        payments.get(60, TimeUnit.SECONDS);
        int total = sent.get();

        await().atMost(Duration.ofSeconds(30)).until(() -> fresh.giftCount() >= total - 5);
        await().atMost(Duration.ofSeconds(30)).until(() -> cluster.api.giftAckedSeq(room) == total);
        ServiceProcess.sleep(500);      // a late duplicate would show here
        assertThat(seqs(fresh)).containsExactlyElementsOf(LongStream.rangeClosed(6, total).boxed().toList());
    }

    /** The app persisted seq 3 although the server's cursor says 5: it gets 4 and 5 again (it never showed them), then new ones. */
    @Test
    void anchorHoldingASeqGetsEverythingAfterIt() throws Exception {
        String room = Rooms.unique("anchor-held");
        showAndAcknowledge(room, 5);
        Viewer reinstalled = clients.anchor("anchor-" + room, room, c -> c);
        reinstalled.client().joinAsAnchor(room, 3).toCompletableFuture().orTimeout(60, TimeUnit.SECONDS).join();
        await().atMost(Duration.ofSeconds(30)).until(() -> reinstalled.giftCount() >= 2);
        for (int n = 6; n <= 8; n++) {
            cluster.api.sendGift("order-" + room + "-" + n, room, "fan", 1, 10).join();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> reinstalled.giftCount() >= 5);
        ServiceProcess.sleep(500);
        assertThat(seqs(reinstalled)).containsExactly(4L, 5L, 6L, 7L, 8L);
    }

    /**
     * room-service is unreachable when the anchor joins: the connector answers 4010 UNAVAILABLE, the client
     * retries with back-off on the same connection, and once room-service is back the join succeeds and
     * every gift reaches the app once.
     */
    @Test
    void joinRefusedWhileRoomServiceIsUnreachableIsRetriedUntilItSucceeds() throws Exception {
        String room = Rooms.unique("anchor-retry");
        Viewer anchor = clients.anchor("anchor-" + room, room, c -> c);
        await().atMost(Duration.ofSeconds(30)).until(() -> anchor.state() == ConnectionState.CONNECTED);
        CompletableFuture<Long> joined;
        cluster.roomVip.down();
        try {
            joined = anchor.client().joinAsAnchor(room, -1).toCompletableFuture();
            await().atMost(Duration.ofSeconds(30)).until(() -> anchor.errors().stream().anyMatch(e -> e.startsWith("4010")));
            ServiceProcess.sleep(1500);                 // refused again on each retry meanwhile
            assertThat(joined).isNotDone();
        } finally {
            cluster.roomVip.up();
        }
        joined.orTimeout(60, TimeUnit.SECONDS).join();
        assertThat(anchor.client().stats().joinRetries()).isPositive();
        assertThat(anchor.client().stats().connects()).as("retried on the same connection").isEqualTo(1);
        for (int n = 1; n <= 3; n++) {
            cluster.api.sendGift("order-" + room + "-" + n, room, "fan", 1, 10).join();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> anchor.giftCount() >= 3);
        ServiceProcess.sleep(300);
        assertThat(seqs(anchor)).containsExactly(1L, 2L, 3L);
    }

    /** A first anchor session shows and acknowledges gifts 1..n, then closes. */
    private void showAndAcknowledge(String room, int n) {
        Viewer first = clients.anchor("anchor-" + room, room, c -> c);
        first.client().joinAsAnchor(room, 0).toCompletableFuture().orTimeout(60, TimeUnit.SECONDS).join();
        for (int i = 1; i <= n; i++) {
            cluster.api.sendGift("order-" + room + "-" + i, room, "fan", 1, 10).join();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> cluster.api.giftAckedSeq(room) == n);
        assertThat(seqs(first)).containsExactlyElementsOf(LongStream.rangeClosed(1, n).boxed().toList());
        first.close();
    }

    private static List<Long> seqs(Viewer anchor) {
        return anchor.gifts().stream().map(r -> r.gift().getSeq()).toList();
    }
}
