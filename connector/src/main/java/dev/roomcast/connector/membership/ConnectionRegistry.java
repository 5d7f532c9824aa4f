package dev.roomcast.connector.membership;

import dev.roomcast.connector.session.Session;
import dev.roomcast.connector.transport.EventLoops;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every open connection, per event loop (global broadcast, sweeps and drain walk these), with counts
 * per source address for the per-IP limit and an index by user for private pushes and kicks.
 */
@Singleton
public class ConnectionRegistry {

    private final Set<Session>[] byLoop;
    private final AtomicInteger total = new AtomicInteger();
    private final Map<String, AtomicInteger> perIp = new ConcurrentHashMap<>();
    /**
     * Immutable lists, replaced on change: nearly every user has one connection, and a concurrent set per
     * user cost ~230 B per connection against ~60 B for a one-element list (pushes and kicks only read).
     */
    private final Map<String, List<Session>> byUser = new ConcurrentHashMap<>();

    @SuppressWarnings("unchecked")
    ConnectionRegistry(EventLoops loops) {
        byLoop = new Set[loops.count()];
        for (int i = 0; i < byLoop.length; i++) {
            byLoop[i] = ConcurrentHashMap.newKeySet();
        }
    }

    /** Reserves a slot; false (and nothing reserved) when a total or per-address limit is reached. */
    public boolean tryOpen(Session session, int maxTotal, int maxPerIp) {
        if (total.incrementAndGet() > maxTotal) {
            total.decrementAndGet();
            return false;
        }
        boolean[] admitted = {false};
        perIp.compute(session.transport().remoteHost(), (k, v) -> {
            AtomicInteger count = v == null ? new AtomicInteger() : v;
            if (count.get() < maxPerIp) {
                count.incrementAndGet();
                admitted[0] = true;
            }
            return count.get() == 0 ? null : count;
        });
        if (!admitted[0]) {
            total.decrementAndGet();
            return false;
        }
        byLoop[session.loopIndex()].add(session);
        return true;
    }

    public void close(Session session) {
        if (!byLoop[session.loopIndex()].remove(session)) {
            return;
        }
        total.decrementAndGet();
        perIp.computeIfPresent(session.transport().remoteHost(), (k, v) -> v.decrementAndGet() <= 0 ? null : v);
        if (session.principal() != null) {
            byUser.computeIfPresent(session.principal().userId(), (k, v) -> without(v, session));
        }
    }

    public void authenticated(Session session) {
        byUser.compute(session.principal().userId(), (k, v) -> with(v, session));
    }

    private static List<Session> with(List<Session> sessions, Session session) {
        if (sessions == null) {
            return List.of(session);
        }
        if (sessions.contains(session)) {
            return sessions;
        }
        Session[] grown = sessions.toArray(new Session[sessions.size() + 1]);
        grown[sessions.size()] = session;
        return List.of(grown);
    }

    /** The list without the session; null (the user's entry removed) when it was the last one. */
    private static List<Session> without(List<Session> sessions, Session session) {
        List<Session> rest = new ArrayList<>(sessions);
        rest.remove(session);
        return rest.isEmpty() ? null : List.copyOf(rest);
    }

    public Set<Session> onLoop(int loop) {
        return byLoop[loop];
    }

    public List<Session> ofUser(String userId) {
        List<Session> sessions = byUser.get(userId);
        return sessions == null ? List.of() : sessions;
    }

    public int count() {
        return total.get();
    }

    public int loops() {
        return byLoop.length;
    }
}
