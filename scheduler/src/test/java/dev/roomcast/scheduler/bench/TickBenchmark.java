package dev.roomcast.scheduler.bench;

import dev.roomcast.proto.v1.Message;
import dev.roomcast.scheduler.BlockScheduler;
import dev.roomcast.scheduler.PriorityPolicy;
import dev.roomcast.scheduler.SampleTraffic;
import dev.roomcast.scheduler.SchedulerSettings;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One tick over 10,000 active rooms, all on the same grid slot (the worst case: in service rooms tick on
 * their own phase, spread over the second). {@code perRoom} messages wait in each room; a room emits
 * min(perRoom, 20) of them, encoded and zstd-compressed, into a sink that only consumes the bytes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class TickBenchmark {
    @Param({"10000"})
    int rooms;

    @Param({"1", "5", "25"})
    int perRoom;

    @Param({"false", "true"})
    boolean dictionary;

    private final AtomicLong clock = new AtomicLong(1_700_000_000_000L);
    private Message[][] messages;
    private BlockScheduler scheduler;
    private Blackhole blackhole;

    @Setup(Level.Trial)
    public void prepare(Blackhole bh) {
        blackhole = bh;
        messages = new Message[rooms][perRoom];
        for (int r = 0; r < rooms; r++) {
            List<Message> sample = new SampleTraffic(10_000 + r % 500).block(perRoom);
            for (int i = 0; i < perRoom; i++) {
                messages[r][i] = sample.get(i).toBuilder().setRoomId("room" + r).setCreatedAtMs(0).build();
            }
        }
        SchedulerSettings settings = new SchedulerSettings(1000, 20, 256, 5, 1000, 3_600_000, 3_600_000, 512, 3,
                Map.of(), List.of(), dictionary);
        scheduler = new BlockScheduler(settings, PriorityPolicy.defaults(), b -> blackhole.consume(b.frameBytes()),
                room -> 100, (room, type, reason, count) -> { }, clock::get, null);
    }

    /** Fills every room (not measured), then the next tick is due. */
    @Setup(Level.Invocation)
    public void fill() {
        for (Message[] room : messages) {
            for (Message m : room) {
                scheduler.submit(m);
            }
        }
        clock.addAndGet(1000);
    }

    @Benchmark
    public int tick() {
        scheduler.runDueTicks();
        return scheduler.activeRooms();
    }

    @TearDown(Level.Invocation)
    public void drain() {
        for (int i = 0; i < 3; i++) {   // leftovers of perRoom > 20 go out here, so every invocation starts equal
            clock.addAndGet(1000);
            scheduler.runDueTicks();
        }
    }
}
