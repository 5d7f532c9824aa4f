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
    /** room-service's answer to the latest join here (a repeated Join of a member is answered with it). */
    private volatile JoinReply lastJoin;

    @SuppressWarnings("unchecked")
    Mcast(String id, int loops) {
        this.id = id;
        this.byLoop = new Set[loops];
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
