package dev.roomcast.loadgen.traffic;

/**
 * Turns "events per second" into "events in this tick" for a periodic timer, carrying the fraction
 * so that 0.5/s fires once every two seconds and 200/s at 10 ms ticks fires exactly 2 per tick.
 * Driven by elapsed time, not tick count, so a late timer catches up instead of losing events.
 */
public final class RatePacer {

    private final double perSecond;
    private final long startNanos;
    private long fired;

    public RatePacer(double perSecond, long startNanos) {
        this.perSecond = perSecond;
        this.startNanos = startNanos;
    }

    /** Events due now that have not been fired yet (at most {@code cap}, the rest stay due). */
    public int due(long nowNanos, int cap) {
        double elapsedSeconds = (nowNanos - startNanos) / 1e9;
        long target = (long) Math.floor(elapsedSeconds * perSecond);
        int n = (int) Math.min(cap, Math.max(0, target - fired));
        fired += n;
        return n;
    }

    public long fired() {
        return fired;
    }
}
