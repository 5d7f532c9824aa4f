package dev.roomcast.loadgen.run;

import dev.roomcast.loadgen.measure.FleetStats;
import dev.roomcast.loadgen.traffic.Publisher;
import java.io.PrintStream;
import java.util.List;
import org.HdrHistogram.Histogram;

/** The line printed every second while a run goes: phase, viewers, delivery rate, latency, publishes. */
final class Progress {

    private final PrintStream out;
    private final List<FleetHandle> fleets;
    private final int viewers;
    private final long startedAt = System.currentTimeMillis();
    private long lastDelivered;
    private long lastAt = System.currentTimeMillis();

    Progress(PrintStream out, List<FleetHandle> fleets, int viewers) {
        this.out = out;
        this.fleets = fleets;
        this.viewers = viewers;
    }

    FleetStats merged() {
        FleetStats all = new FleetStats();
        fleets.forEach(f -> all.merge(f.stats()));
        return FleetStats.fromJson(all.toJson());        // a frozen copy
    }

    void sleep(String phase, int seconds, Publisher publisher) throws InterruptedException {
        long end = System.currentTimeMillis() + seconds * 1000L;
        while (System.currentTimeMillis() < end) {
            Thread.sleep(Math.min(1000, Math.max(1, end - System.currentTimeMillis())));
            tick(phase, publisher);
        }
    }

    void tick(String phase, Publisher publisher) {
        FleetStats s = new FleetStats();
        fleets.forEach(f -> s.merge(f.stats()));
        long started = fleets.stream().mapToLong(FleetHandle::started).sum();
        long now = System.currentTimeMillis();
        long delivered = s.get("delivered");
        double rate = (delivered - lastDelivered) * 1000.0 / Math.max(1, now - lastAt);
        lastDelivered = delivered;
        lastAt = now;
        Histogram normal = s.latency.histogram("normal");
        Histogram immediate = s.latency.histogram("immediate");
        out.printf("[%4ds %-7s] viewers %d/%d in room %d | delivered %,.0f msg/s | p99 normal %d ms, immediate %d ms"
                        + " | published chat %d gift %d | errors %s%n",
                (now - startedAt) / 1000, phase, started, viewers, s.get("viewersJoined"), rate,
                normal.getValueAtPercentile(99), immediate.getValueAtPercentile(99),
                publisher.ok("CHAT"), publisher.ok("GIFT"), s.errors());
    }
}
