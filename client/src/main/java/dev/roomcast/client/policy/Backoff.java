package dev.roomcast.client.policy;

import java.util.random.RandomGenerator;

/**
 * Jittered exponential back-off ("equal jitter"): the n-th delay is drawn uniformly from
 * [cap/2, cap] where cap = min(max, base * factor^n). Half the delay is guaranteed so that a
 * thundering herd of clients cut at once (a connector restart) still spreads out, while the random
 * half de-synchronises them.
 */
public final class Backoff {

    private final long baseMillis;
    private final long maxMillis;
    private final double factor;
    private final RandomGenerator random;
    private int attempt;

    public Backoff(long baseMillis, long maxMillis, double factor, RandomGenerator random) {
        if (baseMillis <= 0 || maxMillis < baseMillis || factor < 1.0) {
            throw new IllegalArgumentException("need 0 < base <= max and factor >= 1");
        }
        this.baseMillis = baseMillis;
        this.maxMillis = maxMillis;
        this.factor = factor;
        this.random = random;
    }

    /** The delay before the next attempt; each call counts one more failed attempt. */
    public long nextDelayMillis() {
        long cap = capFor(attempt);
        attempt = Math.min(attempt + 1, 62);
        long half = cap / 2;
        return half + (long) (random.nextDouble() * (cap - half + 1));
    }

    /** A successful connection: the next failure starts again from the base delay. */
    public void reset() {
        attempt = 0;
    }

    public int attempts() {
        return attempt;
    }

    long capFor(int n) {
        double cap = baseMillis * Math.pow(factor, n);
        return cap >= maxMillis ? maxMillis : (long) cap;
    }
}
