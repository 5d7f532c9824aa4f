package dev.roomcast.connector.session;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * How many joins may wait for room-service at once: an adaptive limit (additive increase,
 * multiplicative decrease) between a floor and {@code joins-in-flight-max}. A join answered within the
 * latency target raises the limit by one; one answered later, timed out or refused as overloaded
 * lowers it by a quarter (at most once per target interval, so one slow batch does not count many
 * times). A fixed cap alone lets a slow room-service (a cold JVM, a busy Redis) collect a cap's worth of
 * joins that then all time out, are retried and time out again; tracking latency keeps the joins that
 * are admitted fast, and the rest get a quick typed refusal with a retry-after hint instead.
 */
final class JoinAdmission {

    /** The limit never falls below this: a slow room-service still sees a steady trickle of joins. */
    static final int MIN_LIMIT = 16;

    private final int maxLimit;
    private final long targetMillis;
    private final LongSupplier clockMillis;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile double limit;
    private volatile long lastDecreaseMillis;

    /**
     * Starts at {@code initialLimit} (not the maximum): a freshly started room-service is at its slowest,
     * and the limit climbs by one per fast answer, so a healthy one is at the maximum within seconds.
     */
    JoinAdmission(int initialLimit, int maxLimit, long targetMillis, LongSupplier clockMillis) {
        this.maxLimit = Math.max(MIN_LIMIT, maxLimit);
        this.targetMillis = Math.max(1, targetMillis);
        this.clockMillis = clockMillis;
        this.limit = Math.max(MIN_LIMIT, Math.min(this.maxLimit, initialLimit));
        this.lastDecreaseMillis = Long.MIN_VALUE / 2;
    }

    /** Takes a slot if the limit allows; the caller must {@link #release} it with the outcome. */
    boolean tryAcquire() {
        while (true) {
            int now = inFlight.get();
            if (now >= (int) limit) {
                return false;
            }
            if (inFlight.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    /**
     * Frees a slot. {@code congested} is true for a time-out or an overloaded refusal; otherwise the
     * latency decides.
     */
    synchronized void release(long latencyMillis, boolean congested) {
        inFlight.decrementAndGet();
        if (congested || latencyMillis > targetMillis) {
            long now = clockMillis.getAsLong();
            if (now - lastDecreaseMillis >= targetMillis) {
                lastDecreaseMillis = now;
                limit = Math.max(MIN_LIMIT, limit * 0.75);
            }
        } else if (limit < maxLimit) {
            limit = Math.min(maxLimit, limit + 1);
        }
    }

    int inFlight() {
        return inFlight.get();
    }

    int limit() {
        return (int) limit;
    }

    /** 0 when idle, 1 when every slot of the current limit is taken: the retry-after hint grows with it. */
    double pressure() {
        return Math.min(1.0, inFlight.get() / Math.max(1.0, limit));
    }
}
