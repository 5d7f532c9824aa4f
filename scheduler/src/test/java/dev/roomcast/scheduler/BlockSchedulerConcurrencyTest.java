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
    void onTheRealTimerAcceptedMessagesLeaveWithinOneTick() throws Exception {
        long tick = 250;
        java.util.Map<String, Long> acceptedAt = new java.util.concurrent.ConcurrentHashMap<>();
        java.util.List<Long> lateness = new java.util.concurrent.CopyOnWriteArrayList<>();
        BlockDecoder decoder = new BlockDecoder();
        SchedulerSettings s = new SchedulerSettings(tick, 20, 200, 5, 1000, 60_000, 1000, 512, 3,
                Map.of(), List.of(), false);
        BlockSink sink = block -> {
            try {
                dev.roomcast.proto.v1.Block b = BlockDecoder.blockOf(block.frameBytes());
                for (Message m : decoder.decode(b)) {
                    Long at = acceptedAt.get(m.getBody());
                    if (at != null) {
                        lateness.add(b.getCreatedAtMs() - at);
                    }
                }
            } catch (BlockDecoder.BlockFormatException e) {
                throw new AssertionError(e);
            }
        };
        java.util.Random random = new java.util.Random(14);
        try (BlockScheduler scheduler = new BlockScheduler(s, PriorityPolicy.defaults(), sink, room -> 20, null,
                TimeSource.SYSTEM, executor)) {
            for (int i = 0; i < 120; i++) {   // ~10 msgs per tick-second, random gaps, some quiet stretches
                Thread.sleep(random.nextInt(10) == 0 ? tick + random.nextInt((int) tick) : random.nextInt(40));
                Message m = chat("real", i).toBuilder().setCreatedAtMs(System.currentTimeMillis()).build();
                acceptedAt.put(m.getBody(), m.getCreatedAtMs());
                scheduler.submit(m);
            }
            long deadline = System.currentTimeMillis() + 5000;
            while (lateness.size() < 120 && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
        }
        assertThat(lateness).hasSize(120);
        assertThat(lateness.stream().mapToLong(Long::longValue).max().orElseThrow()).isLessThanOrEqualTo(tick + 50);
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
