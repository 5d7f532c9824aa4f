package dev.roomcast.connector.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roomcast.connector.metrics.ConnectorMetrics;
import dev.roomcast.connector.support.ConnectorCalls;
import dev.roomcast.connector.support.Tokens;
import dev.roomcast.connector.support.WireClient;
import dev.roomcast.connector.transport.EventLoops;
import dev.roomcast.proto.v1.Frame;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The fan-out's deferred flush: several blocks per flush on a busy loop, no added delay on an idle one. */
@QuarkusTest
class FlushCoalescingTest {

    private static final int BLOCKS = 5;

    @Inject
    Vertx vertx;

    @Inject
    FanOut fanOut;

    @Inject
    EventLoops loops;

    @Inject
    ConnectorMetrics metrics;

    @Test
    void blocksQueuedOnABusyLoopShareOneFlushPerMemberAndArriveInOrderOnce() throws Exception {
        List<WireClient> clients = members("coalesce", 12);
        try {
            long flushesBefore = metrics.flushesTotal();
            long framesBefore = metrics.framesWrittenTotal();
            // Every loop busy (as with a fan-out in progress) while the blocks are handed over.
            CountDownLatch busy = new CountDownLatch(loops.count());
            CountDownLatch release = new CountDownLatch(1);
            for (int i = 0; i < loops.count(); i++) {
                loops.get(i).execute(() -> {
                    busy.countDown();
                    await(release);
                });
            }
            assertThat(busy.await(5, TimeUnit.SECONDS)).isTrue();
            List<CompletableFuture<FanOut.Counts>> pushes = new ArrayList<>();
            for (int seq = 1; seq <= BLOCKS; seq++) {
                pushes.add(fanOut.toMcast("room:coalesce", ConnectorCalls.block("room:coalesce", seq, 400), false)
                        .subscribeAsCompletionStage());
            }
            release.countDown();
            for (CompletableFuture<FanOut.Counts> push : pushes) {
                assertThat(push.get(10, TimeUnit.SECONDS).delivered()).isEqualTo(clients.size());
            }
            for (WireClient c : clients) {
                for (int seq = 1; seq <= BLOCKS; seq++) {
                    assertThat(c.next(Frame.KindCase.BLOCK).getBlock().getBlockSeq()).isEqualTo(seq);
                }
                assertThat(nextBlock(c, Duration.ofMillis(100))).isNull();
            }
            assertThat(metrics.framesWrittenTotal() - framesBefore).isEqualTo((long) BLOCKS * clients.size());
            // One flush per member carried all five blocks: the loop ran the block tasks before its flush task.
            assertThat(metrics.flushesTotal() - flushesBefore).isEqualTo(clients.size());
        } finally {
            clients.forEach(WireClient::close);
        }
    }

    @Test
    void aBlockOnAnIdleLoopIsFlushedWithoutWaitingForTheNext() throws Exception {
        List<WireClient> clients = members("idle-flush", 6);
        try {
            for (int seq = 1; seq <= 3; seq++) {
                long flushesBefore = metrics.flushesTotal();
                FanOut.Counts counts = fanOut.toMcast("room:idle-flush", ConnectorCalls.block("room:idle-flush", seq, 200), false)
                        .await().atMost(Duration.ofSeconds(5));
                assertThat(counts.delivered()).isEqualTo(clients.size());
                for (WireClient c : clients) {
                    Frame block = nextBlock(c, Duration.ofSeconds(5));
                    assertThat(block).isNotNull();
                    assertThat(block.getBlock().getBlockSeq()).isEqualTo(seq);
                }
                assertThat(metrics.flushesTotal() - flushesBefore).isEqualTo(clients.size());
            }
        } finally {
            clients.forEach(WireClient::close);
        }
    }

    /** Connections spread over the loops (WebSocket and TCP) that joined the room. */
    private List<WireClient> members(String room, int n) {
        List<WireClient> clients = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            WireClient c = i % 3 == 2 ? WireClient.tcp(vertx) : WireClient.ws(vertx);
            clients.add(c);
            assertThat(c.authenticate(Tokens.viewer(room + "-" + i)).hasAuthOk()).isTrue();
            assertThat(c.join(2, room, false).hasJoinOk()).isTrue();
        }
        return clients;
    }

    /** The next block within the wait, skipping other frames; null if none came. */
    private static Frame nextBlock(WireClient c, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            Frame f = c.poll(Duration.ofNanos(left));
            if (f != null && f.getKindCase() == Frame.KindCase.BLOCK) {
                return f;
            }
        }
        return null;
    }

    private static void await(CountDownLatch latch) {
        try {
            // Bounded well below the blocked-thread warning: the test releases it within milliseconds.
            latch.await(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
