package dev.roomcast.connector.backend;

import jakarta.inject.Singleton;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which mcasts have joins or leaves on their way to room-service, and which were touched since an
 * announce took its snapshot. The last chunk of an announce names those that the snapshot missed as
 * "changing, keep as is", so room-service does not drop a route that a join made meanwhile.
 * Both maps hold only mcasts of this connector with a change outstanding or recent: bounded by the
 * mcasts its connections are in.
 */
@Singleton
public class MembershipActivity {

    private final ConcurrentHashMap<String, Integer> inFlight = new ConcurrentHashMap<>();
    private volatile Set<String> touched = ConcurrentHashMap.newKeySet();

    /** A join or leave of the mcast is sent; {@link #settled} must follow, whatever the outcome. */
    void started(String mcastId) {
        inFlight.merge(mcastId, 1, Integer::sum);
        touched.add(mcastId);
    }

    void settled(String mcastId) {
        inFlight.computeIfPresent(mcastId, (k, n) -> n <= 1 ? null : n - 1);
    }

    /** Starts a snapshot: forgets what was touched before and returns it. */
    public Set<String> resetTouched() {
        Set<String> before = touched;
        touched = ConcurrentHashMap.newKeySet();
        return before;
    }

    /** The mcasts touched since the last {@link #resetTouched}, plus those changing right now. */
    public Set<String> touchedSinceSnapshot() {
        Set<String> all = ConcurrentHashMap.newKeySet();
        all.addAll(touched);
        all.addAll(inFlight.keySet());
        return all;
    }
}
