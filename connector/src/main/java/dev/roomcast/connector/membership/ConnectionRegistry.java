package dev.roomcast.connector.membership;

import dev.roomcast.connector.session.Session;
import dev.roomcast.connector.transport.EventLoops;
import jakarta.inject.Singleton;
import java.util.Collections;
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
    private final Map<String, Set<Session>> byUser = new ConcurrentHashMap<>();

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
            byUser.computeIfPresent(session.principal().userId(), (k, v) -> {
                v.remove(session);
                return v.isEmpty() ? null : v;
            });
        }
    }

    public void authenticated(Session session) {
        byUser.compute(session.principal().userId(), (k, v) -> {
            Set<Session> set = v == null ? ConcurrentHashMap.newKeySet() : v;
            set.add(session);
            return set;
        });
    }

    public Set<Session> onLoop(int loop) {
        return byLoop[loop];
    }

    public Set<Session> ofUser(String userId) {
        Set<Session> sessions = byUser.get(userId);
        return sessions == null ? Collections.emptySet() : sessions;
    }

    public int count() {
        return total.get();
    }

    public int loops() {
        return byLoop.length;
    }
}
