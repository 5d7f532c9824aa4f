package dev.roomcast.connector.session;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * How many joins may wait for room-service at once: an adaptive limit (additive increase,
 * multiplicative decrease) between a floor and {@code joins-in-flight-max}. A join answered within the
 * latency target raises the limit by one; one answered later, timed out or refused as overloaded
 * lowers it by a quarter (at most once per target interval, so one slow batch does not count many
 * times). A fixed cap alone lets a slow room-service (a cold JVM, a busy Redis) collect a cap's worth of
 * joins that then all time out, are retried and time out again; tracking latency keeps the joins that
 * are admitted fast.
 *
 * <p>A join beyond the limit waits its turn in a bounded FIFO ({@code joins-waiting-max}) for at most
 * {@code join-wait-max-millis}: a burst of viewers entering a room (a cold start, a popular stream going
 * live) is then served in order as room-service keeps up, instead of each viewer seeing an error and
 * coming back later. Only when the queue is full, or a join waited too long, is it refused with a
 * retry-after hint. Every slot freed goes to the oldest waiter, so no waiter starves. The queue holds at
 * most one entry per join in progress, which a connection can have only up to its room limit.
 */
final class JoinAdmission {

    /** The limit never falls below this: a slow room-service still sees a steady trickle of joins. */
    static final int MIN_LIMIT = 16;

    /** A join waiting for a slot: told once, on its session's thread of choice, what became of it. */
    interface Waiter {
        /** A slot is now held for it; it must be {@link #release}d with the outcome. */
        void admitted();

        /** It waited longer than the maximum wait (the slot was not taken). */
        void expired();
    }

    /** What became of a join asking for a slot. */
    enum Outcome { ADMITTED, QUEUED, REFUSED }

    private record Queued(Waiter waiter, long sinceMillis) {
    }

    private final int maxLimit;
    private final long targetMillis;
    private final int maxWaiting;
    private final long maxWaitMillis;
    private final LongSupplier clockMillis;
    private final ArrayDeque<Queued> waiting = new ArrayDeque<>();
    private int inFlight;
    private double limit;
    private long lastDecreaseMillis;

    /**
     * Starts at {@code initialLimit} (not the maximum): a freshly started room-service is at its slowest,
     * and the limit climbs by one per fast answer, so a healthy one is at the maximum within seconds.
     */
    JoinAdmission(int initialLimit, int maxLimit, long targetMillis, int maxWaiting, long maxWaitMillis,
            LongSupplier clockMillis) {
        this.maxLimit = Math.max(MIN_LIMIT, maxLimit);
        this.targetMillis = Math.max(1, targetMillis);
        this.maxWaiting = Math.max(0, maxWaiting);
        this.maxWaitMillis = Math.max(0, maxWaitMillis);
        this.clockMillis = clockMillis;
        this.limit = Math.max(MIN_LIMIT, Math.min(this.maxLimit, initialLimit));
        this.lastDecreaseMillis = Long.MIN_VALUE / 2;
    }

    /** Takes a slot if the limit allows and nobody waits before; the caller must {@link #release} it. */
    synchronized boolean tryAcquire() {
        if (!waiting.isEmpty() || inFlight >= (int) limit) {
            return false;
        }
        inFlight++;
        return true;
    }

    /**
     * Takes a slot now ({@link Outcome#ADMITTED}: the caller goes on and releases it), or queues the
     * waiter ({@link Outcome#QUEUED}: it is told later, never on this call), or refuses when the queue is
     * full ({@link Outcome#REFUSED}).
     */
    synchronized Outcome acquireOrWait(Waiter waiter) {
        if (tryAcquire()) {
            return Outcome.ADMITTED;
        }
        if (waiting.size() >= maxWaiting) {
            return Outcome.REFUSED;
        }
        waiting.addLast(new Queued(waiter, clockMillis.getAsLong()));
        return Outcome.QUEUED;
    }

    /**
     * Frees a slot. {@code congested} is true for a time-out or an overloaded refusal; otherwise the
     * latency decides. The freed slot goes to the oldest waiter.
     */
    void release(long latencyMillis, boolean congested) {
        synchronized (this) {
            inFlight--;
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
        handOver();
    }

    /** Frees a slot that was never used (its connection left while it waited): no latency to learn from. */
    void abandon() {
        synchronized (this) {
            inFlight--;
        }
        handOver();
    }

    /** Gives free slots to the oldest waiters; the ones that waited too long are told so instead. */
    private void handOver() {
        List<Queued> admitted = new ArrayList<>();
        List<Queued> expired = new ArrayList<>();
        synchronized (this) {
            long now = clockMillis.getAsLong();
            while (!waiting.isEmpty()) {
                Queued head = waiting.peekFirst();
                if (now - head.sinceMillis() > maxWaitMillis) {
                    expired.add(waiting.pollFirst());
                } else if (inFlight < (int) limit) {
                    inFlight++;
                    admitted.add(waiting.pollFirst());
                } else {
                    break;
                }
            }
        }
        // Outside the lock: a waiter's callback may start its join, or answer its client.
        expired.forEach(q -> q.waiter().expired());
        admitted.forEach(q -> q.waiter().admitted());
    }

    synchronized int inFlight() {
        return inFlight;
    }

    synchronized int limit() {
        return (int) limit;
    }

    synchronized int waiting() {
        return waiting.size();
    }

    /** 0 when idle, 1 when every slot of the current limit is taken: the retry-after hint grows with it. */
    synchronized double pressure() {
        double busy = (inFlight + waiting.size()) / Math.max(1.0, limit);
        return Math.min(1.0, busy);
    }
}
