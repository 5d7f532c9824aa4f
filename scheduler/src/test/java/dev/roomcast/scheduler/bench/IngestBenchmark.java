package dev.roomcast.scheduler.bench;

import dev.roomcast.proto.v1.Message;
import dev.roomcast.scheduler.BlockScheduler;
import dev.roomcast.scheduler.PriorityPolicy;
import dev.roomcast.scheduler.SampleTraffic;
import dev.roomcast.scheduler.SchedulerSettings;
import dev.roomcast.scheduler.SubmitResult;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Messages ingested per second across 10,000 active rooms. {@code submitOnly}: one thread submits
 * round-robin over the rooms (queues cap at 100 per room, so the steady state includes overflow eviction).
 * {@code ingestWhileTicking}: one submitting thread while another runs ticks back to back (each advancing
 * the fake clock one second), as on a service where event loops submit and the tick thread drains.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class IngestBenchmark {
    static final int ROOMS = 10_000;

    private final AtomicLong clock = new AtomicLong(1_700_000_000_000L);
    private Message[] messages;
    private BlockScheduler scheduler;

    @State(Scope.Thread)
    public static class Cursor {
        int next;
    }

    @Setup(Level.Trial)
    public void prepare() {
        messages = new Message[ROOMS * 4];
        for (int i = 0; i < messages.length; i++) {
            List<Message> sample = new SampleTraffic(20_000 + i % 300).block(1);
            messages[i] = sample.get(0).toBuilder().setRoomId("room" + (i % ROOMS)).setCreatedAtMs(0)
                    .setPriority(Math.min(199, sample.get(0).getPriority())).build();
        }
    }

    @Setup(Level.Iteration)
    public void start() {
        SchedulerSettings settings = new SchedulerSettings(1000, 20, 200, 5, 100, 3_600_000, 3_600_000, 512, 3,
                Map.of(), List.of(), false);
        scheduler = new BlockScheduler(settings, PriorityPolicy.defaults(), b -> { }, room -> 100,
                (room, type, reason, count) -> { }, clock::get, null);
    }

    @TearDown(Level.Iteration)
    public void stop() {
        scheduler.close();
    }

    @Benchmark
    public SubmitResult submitOnly(Cursor c) {
        return submit(c);
    }

    @Benchmark
    @Group("ingestWhileTicking")
    @GroupThreads(1)
    public SubmitResult submit(Cursor c) {
        Message m = messages[c.next];
        c.next = c.next + 1 == messages.length ? 0 : c.next + 1;
        return scheduler.submit(m);
    }

    @Benchmark
    @Group("ingestWhileTicking")
    @GroupThreads(1)
    public int tick() {
        clock.addAndGet(1000);
        scheduler.runDueTicks();
        return scheduler.activeRooms();
    }
}
