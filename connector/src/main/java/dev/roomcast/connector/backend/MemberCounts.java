package dev.roomcast.connector.backend;

import jakarta.inject.Singleton;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * This connector's truth about each mcast: how many of its connections are in it or on their way in,
 * each figure stamped with a version from one increasing sequence. Every join, leave or correction sent
 * to room-service carries the figure it produced, and room-service keeps the newest version, so a join
 * that timed out here but is applied late, a retried call, or calls overtaking each other cannot leave
 * the room's count away from this connector's. Holds only mcasts with a member or a join in flight.
 */
@Singleton
public class MemberCounts {

    /** A member count and the version it was taken at. */
    public record Versioned(int members, long version) {
    }

    /**
     * Starts from the clock (microsecond-like steps) so that a restarted connector with the same id
     * continues above everything its previous process sent.
     */
    private final AtomicLong sequence = new AtomicLong(System.currentTimeMillis() * 1000);
    private final ConcurrentHashMap<String, int[]> counts = new ConcurrentHashMap<>();

    /** A connection is on its way into the mcast. */
    public Versioned joining(String mcastId) {
        return move(mcastId, 1);
    }

    /** A connection left the mcast, or its join failed here (then room-service is sent a correction). */
    public Versioned leaving(String mcastId) {
        return move(mcastId, -1);
    }

    /** The current figure with a fresh version (announces). */
    public Versioned current(String mcastId) {
        return move(mcastId, 0);
    }

    /** The sequence as it is now: any change made later carries a higher version. */
    public long sequence() {
        return sequence.get();
    }

    public Set<String> mcasts() {
        return counts.keySet();
    }

    private Versioned move(String mcastId, int delta) {
        Versioned[] out = new Versioned[1];
        // compute() runs atomically per key: the count and its version are taken together, so a higher
        // version always carries the later figure.
        counts.compute(mcastId, (id, count) -> {
            int n = Math.max(0, (count == null ? 0 : count[0]) + delta);
            out[0] = new Versioned(n, sequence.incrementAndGet());
            if (n == 0) {
                return null;
            }
            int[] kept = count == null ? new int[1] : count;
            kept[0] = n;
            return kept;
        });
        return out[0];
    }
}
