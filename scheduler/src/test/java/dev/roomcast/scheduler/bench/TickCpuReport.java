package dev.roomcast.scheduler.bench;

import dev.roomcast.proto.v1.Message;
import dev.roomcast.scheduler.BlockScheduler;
import dev.roomcast.scheduler.PriorityPolicy;
import dev.roomcast.scheduler.SampleTraffic;
import dev.roomcast.scheduler.SchedulerSettings;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The CPU time (not wall time) of one tick over 10,000 active rooms, as TickBenchmark sets it up. On a
 * shared, overloaded machine wall time mostly measures waiting for a core; the tick thread's CPU time
 * is what the design has to fit into the tick. Median of 15 ticks after 5 warm-up ticks per case.
 * Usage: {@code TickCpuReport [--json FILE]}.
 */
public final class TickCpuReport {
    private static final int ROOMS = 10_000;

    public static void main(String[] args) throws IOException {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        List<String> rows = new ArrayList<>();
        measure(mx, false, 25, new ArrayList<>());   // JIT warm-up, discarded
        for (boolean dictionary : new boolean[] {false, true}) {
            for (int perRoom : new int[] {1, 5, 25}) {
                measure(mx, dictionary, perRoom, rows);
            }
        }
        rows.add(ingestCpu(mx));
        if (args.length == 2 && args[0].equals("--json")) {
            Files.writeString(Path.of(args[1]), "[" + String.join(",\n", rows) + "]\n");
        }
    }

    private static void measure(ThreadMXBean mx, boolean dictionary, int perRoom, List<String> rows) {
        // one case: fill every room, time the tick, drain leftovers; 20 times
        AtomicLong clock = new AtomicLong(1_700_000_000_000L);
        Message[][] messages = messages(perRoom);
        SchedulerSettings settings = new SchedulerSettings(1000, 20, 256, 5, 1000, 3_600_000, 3_600_000, 512, 3,
                Map.of(), List.of(), dictionary);
        long[] bytes = new long[1];
        BlockScheduler scheduler = new BlockScheduler(settings, PriorityPolicy.defaults(),
                b -> bytes[0] += b.frameBytes().length, room -> 100, (r, t, reason, c) -> { }, clock::get, null);
        long[] cpu = new long[20];
        long[] wall = new long[20];
        for (int run = 0; run < cpu.length; run++) {
            for (Message[] room : messages) {
                for (Message m : room) {
                    scheduler.submit(m);
                }
            }
            clock.addAndGet(1000);
            long c0 = mx.getCurrentThreadCpuTime();
            long w0 = System.nanoTime();
            scheduler.runDueTicks();
            wall[run] = System.nanoTime() - w0;
            cpu[run] = mx.getCurrentThreadCpuTime() - c0;
            for (int i = 0; i < 3; i++) {
                clock.addAndGet(1000);
                scheduler.runDueTicks();
            }
        }
        double cpuMs = median(cpu) / 1e6;
        double wallMs = median(wall) / 1e6;
        System.out.printf(Locale.ROOT, "rooms=%d perRoom=%d dictionary=%s: tick cpu %.1f ms, wall %.1f ms%n",
                ROOMS, perRoom, dictionary, cpuMs, wallMs);
        rows.add(String.format(Locale.ROOT, "{\"rooms\":%d,\"perRoom\":%d,\"dictionary\":%s,"
                + "\"medianTickCpuMillis\":%.2f,\"medianTickWallMillis\":%.2f}", ROOMS, perRoom, dictionary, cpuMs, wallMs));
        scheduler.close();
    }

    /** Submits per CPU-second on one thread, round-robin over 10,000 rooms (queues capped at 100: eviction included). */
    private static String ingestCpu(ThreadMXBean mx) {
        Message[][] messages = messages(4);
        SchedulerSettings settings = new SchedulerSettings(1000, 20, 256, 5, 100, 3_600_000, 3_600_000, 512, 3,
                Map.of(), List.of(), false);
        BlockScheduler scheduler = new BlockScheduler(settings, PriorityPolicy.defaults(), b -> { }, room -> 100,
                (r, t, reason, c) -> { }, () -> 1_700_000_000_000L, null);
        double[] rates = new double[7];
        int perRun = 2_000_000;
        for (int run = 0; run < rates.length; run++) {
            long c0 = mx.getCurrentThreadCpuTime();
            for (int i = 0; i < perRun; i++) {
                scheduler.submit(messages[i % ROOMS][(i / ROOMS) & 3]);
            }
            rates[run] = perRun / ((mx.getCurrentThreadCpuTime() - c0) / 1e9);
        }
        double[] measured = Arrays.copyOfRange(rates, 2, rates.length);
        Arrays.sort(measured);
        double median = measured[measured.length / 2];
        System.out.printf(Locale.ROOT, "ingest: %.0f messages per CPU-second (one thread, 10,000 rooms)%n", median);
        scheduler.close();
        return String.format(Locale.ROOT, "{\"ingestMessagesPerCpuSecond\":%.0f,\"rooms\":%d}", median, ROOMS);
    }

    private static Message[][] messages(int perRoom) {
        Message[][] messages = new Message[ROOMS][perRoom];
        for (int r = 0; r < ROOMS; r++) {
            List<Message> sample = new SampleTraffic(10_000 + r % 500).block(perRoom);
            for (int i = 0; i < perRoom; i++) {
                messages[r][i] = sample.get(i).toBuilder().setRoomId("room" + r).setCreatedAtMs(0).build();
            }
        }
        return messages;
    }

    private static double median(long[] values) {
        long[] measured = Arrays.copyOfRange(values, 5, values.length);
        Arrays.sort(measured);
        return measured[measured.length / 2];
    }
}
