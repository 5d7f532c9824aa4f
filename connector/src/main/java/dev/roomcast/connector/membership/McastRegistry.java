package dev.roomcast.connector.membership;

import dev.roomcast.connector.metrics.ConnectorMetrics;
import dev.roomcast.connector.session.Session;
import dev.roomcast.connector.transport.EventLoops;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * mcastId -> its local member connections. Sharded by mcast id (64 shards, each its own lock) so that
 * joins to different rooms never contend; a push reads members without any lock.
 */
@Singleton
public class McastRegistry {

    private static final int SHARDS = 64;

    private final Shard[] shards = new Shard[SHARDS];
    private final int loops;
    private final AtomicInteger mcastCount = new AtomicInteger();

    McastRegistry(EventLoops eventLoops, ConnectorMetrics metrics) {
        this.loops = eventLoops.count();
        for (int i = 0; i < SHARDS; i++) {
            shards[i] = new Shard();
        }
        metrics.gaugeMcasts(mcastCount::get);
    }

    /** @return true if the session was not yet a member */
    public boolean add(String mcastId, Session session) {
        Shard shard = shard(mcastId);
        synchronized (shard) {
            Mcast mcast = shard.mcasts.get(mcastId);
            if (mcast == null) {
                mcast = new Mcast(mcastId, loops);
                shard.mcasts.put(mcastId, mcast);
                mcastCount.incrementAndGet();
            }
            return mcast.add(session);
        }
    }

    /** @return true if the session was a member */
    public boolean remove(String mcastId, Session session) {
        Shard shard = shard(mcastId);
        synchronized (shard) {
            Mcast mcast = shard.mcasts.get(mcastId);
            if (mcast == null) {
                return false;
            }
            boolean removed = mcast.remove(session);
            if (mcast.size() == 0) {
                shard.mcasts.remove(mcastId);
                mcastCount.decrementAndGet();
            }
            return removed;
        }
    }

    /** The mcast, or null when no local connection is in it. */
    public Mcast get(String mcastId) {
        Shard shard = shard(mcastId);
        synchronized (shard) {
            return shard.mcasts.get(mcastId);
        }
    }

    /** Every local mcast (for re-announcing routes). */
    public List<Mcast> all() {
        List<Mcast> all = new ArrayList<>();
        for (Shard shard : shards) {
            synchronized (shard) {
                all.addAll(shard.mcasts.values());
            }
        }
        return all;
    }

    public int count() {
        return mcastCount.get();
    }

    private Shard shard(String mcastId) {
        int h = mcastId.hashCode();
        return shards[(h ^ (h >>> 16)) & (SHARDS - 1)];
    }

    private static final class Shard {
        final Map<String, Mcast> mcasts = new HashMap<>();
    }
}
