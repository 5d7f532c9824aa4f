package dev.roomcast.mailbox.poll;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Mean time to answer a poll on this instance over the last full second (and the current one when it is
 * already worse). The rate alone cannot tell a slow machine from a fast one: this says when polls queue,
 * whatever the request rate that makes them queue. Two one-second buckets, like {@link PollLoad}; a race at
 * a second's turn may lose one sample, which a mean over hundreds does not notice.
 */
public final class PollLatency {

    private final LongSupplier clock;
    private final AtomicLong currentSecond = new AtomicLong(-1);
    private final AtomicLong currentNanos = new AtomicLong();
    private final AtomicLong currentCount = new AtomicLong();
    private volatile double previousMeanMillis;

    public PollLatency(LongSupplier clockMillis) {
        this.clock = clockMillis;
    }

    public void record(long nanos) {
        roll();
        currentNanos.addAndGet(nanos);
        currentCount.incrementAndGet();
    }

    /** Mean poll time in ms: the last full second, or the current one when it is already higher; 0 when idle. */
    public double meanMillis() {
        roll();
        long n = currentCount.get();
        double current = n == 0 ? 0 : currentNanos.get() / 1e6 / n;
        return Math.max(previousMeanMillis, current);
    }

    private void roll() {
        long second = clock.getAsLong() / 1000;
        long seen = currentSecond.get();
        if (second != seen && currentSecond.compareAndSet(seen, second)) {
            long nanos = currentNanos.getAndSet(0);
            long count = currentCount.getAndSet(0);
            previousMeanMillis = second == seen + 1 && count > 0 ? nanos / 1e6 / count : 0;
        }
    }
}
