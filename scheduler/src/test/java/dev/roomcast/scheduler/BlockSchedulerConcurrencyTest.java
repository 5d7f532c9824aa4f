package dev.roomcast.scheduler;

import dev.roomcast.proto.v1.Message;
import dev.roomcast.proto.v1.MessageType;
import dev.roomcast.proto.v1.Sender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The real timer: one scheduled executor, the system clock, submitters on many threads. */
class BlockSchedulerConcurrencyTest {
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    private final ConcurrentLinkedQueue<EncodedBlock> blocks = new ConcurrentLinkedQueue<>();
    private final AtomicLong dropped = new AtomicLong();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    private BlockScheduler scheduler(long tickMillis, int capacity) {
        SchedulerSettings s = new SchedulerSettings(tickMillis, 20, 200, 5, capacity, 60_000, 3_600_000, 512, 3,
                Map.of(), List.of(), false);
        return new BlockScheduler(s, PriorityPolicy.defaults(), blocks::add, room -> 0,
                (room, type, reason, count) -> dropped.addAndGet(count), TimeSource.SYSTEM, executor);
    }

    private static Message chat(String room, int i) {
        return Message.newBuilder().setRoomId(room).setType(MessageType.CHAT).setBody("m" + i)
                .setSender(Sender.newBuilder().setUserId("u" + i).setLevel(i % 60)).build();
    }

    @Test
    void executorWakesForTicksAndImmediatesOnItsOwn() throws Exception {
        try (BlockScheduler scheduler = scheduler(200, 1000)) {
            scheduler.submit(Message.newBuilder().setRoomId("warm-up").setType(MessageType.SYSTEM).build());
            awaitBlocks(1, 5000);   // class loading and first encode out of the measurement
            blocks.clear();
            long start = System.nanoTime();
            scheduler.submit(Message.newBuilder().setRoomId("r1").setType(MessageType.SYSTEM).setBody("closed").build());
            awaitBlocks(1, 2000);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).as("immediate, not a tick").isLessThan(150);
            assertThat(blocks.poll().immediate()).isTrue();

            scheduler.submit(chat("r1", 1));
            awaitBlocks(1, 2000);
            assertThat(blocks.poll().immediate()).isFalse();
        }
    }

    @Test
    void everyMessageFromManyThreadsIsDeliveredOrCountedAsDropped() throws Exception {
        int threads = 4;
        int perThread = 20_000;
        try (BlockScheduler scheduler = scheduler(20, 200)) {
            CountDownLatch done = new CountDownLatch(threads);
            for (int t = 0; t < threads; t++) {
                int base = t * perThread;
                new Thread(() -> {
                    for (int i = 0; i < perThread; i++) {
                        scheduler.submit(chat("room" + (i % 50), base + i));
                    }
                    done.countDown();
                }).start();
            }
            assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
            long deadline = System.currentTimeMillis() + 20_000;
            while (delivered() + dropped.get() < (long) threads * perThread && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            assertThat(delivered() + dropped.get()).isEqualTo((long) threads * perThread);
            assertThat(blocks).allSatisfy(b -> assertThat(b.messageCount()).isBetween(1, 20));
        }
    }

    private long delivered() {
        return blocks.stream().mapToLong(EncodedBlock::messageCount).sum();
    }

    private void awaitBlocks(int n, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (blocks.size() < n && System.currentTimeMillis() < deadline) {
            Thread.sleep(2);
        }
        assertThat(blocks).hasSizeGreaterThanOrEqualTo(n);
    }
}
