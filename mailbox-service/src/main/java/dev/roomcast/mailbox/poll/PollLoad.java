package dev.roomcast.mailbox.poll;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Poll requests per second on this instance, over the last full second and the current one (two
 * one-second buckets, lock-free). Cheap enough to count every poll.
 */
public final class PollLoad {

    private final LongSupplier clock;
    private final AtomicLong currentSecond = new AtomicLong(-1);
    private final AtomicLong current = new AtomicLong();
    private volatile long previous;

    public PollLoad(LongSupplier clockMillis) {
        this.clock = clockMillis;
    }

    /** Counts one poll. */
    public void record() {
        roll();
        current.incrementAndGet();
    }

    /** Requests per second: the last full second, or the current one when it is already higher. */
    public long perSecond() {
        roll();
        return Math.max(previous, current.get());
    }

    private void roll() {
        long second = clock.getAsLong() / 1000;
        long seen = currentSecond.get();
        if (second != seen && currentSecond.compareAndSet(seen, second)) {
            long finished = current.getAndSet(0);
            previous = second == seen + 1 ? finished : 0;   // a quiet gap of seconds means nothing recent
        }
    }
}
