package dev.roomcast.connector.membership;

import dev.roomcast.connector.session.Session;
import dev.roomcast.proto.v1.JoinReply;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One mcast's local members, kept per event loop: a push runs one task per loop over that loop's own
 * members. Sets are concurrent so a push iterates while joins and leaves go on.
 */
public final class Mcast {

    private final String id;
    private final Set<Session>[] byLoop;
    private final AtomicInteger size = new AtomicInteger();
    /** Members switched to polling (any loop): when 0 a push skips the per-member check. */
    private final AtomicInteger polling = new AtomicInteger();
    /** Per loop, the highest msgId written to this loop's members; read and written on that loop only. */
    private final long[] lastMsgIdByLoop;
    /** room-service's answer to the latest join here (a repeated Join of a member is answered with it). */
    private volatile JoinReply lastJoin;

    @SuppressWarnings("unchecked")
    Mcast(String id, int loops) {
        this.id = id;
        this.byLoop = new Set[loops];
        this.lastMsgIdByLoop = new long[loops];
        for (int i = 0; i < loops; i++) {
            byLoop[i] = ConcurrentHashMap.newKeySet();
        }
    }

    public String id() {
        return id;
    }

    public int size() {
        return size.get();
    }

    public JoinReply lastJoin() {
        return lastJoin;
    }

    public void lastJoin(JoinReply reply) {
        this.lastJoin = reply;
    }

    public int polling() {
        return polling.get();
    }

    public void pollingChanged(int delta) {
        polling.addAndGet(delta);
    }

    /** On loop {@code loop}: a block up to {@code msgId} was written to its members. */
    public void written(int loop, long msgId) {
        if (msgId > lastMsgIdByLoop[loop]) {
            lastMsgIdByLoop[loop] = msgId;
        }
    }

    /** On loop {@code loop}: the highest msgId its members were pushed (0 = none yet). */
    public long lastMsgIdOn(int loop) {
        return lastMsgIdByLoop[loop];
    }

    public Set<Session> membersOnLoop(int loop) {
        return byLoop[loop];
    }

    boolean add(Session session) {
        boolean added = byLoop[session.loopIndex()].add(session);
        if (added) {
            size.incrementAndGet();
        }
        return added;
    }

    boolean remove(Session session) {
        boolean removed = byLoop[session.loopIndex()].remove(session);
        if (removed) {
            size.decrementAndGet();
        }
        return removed;
    }
}
