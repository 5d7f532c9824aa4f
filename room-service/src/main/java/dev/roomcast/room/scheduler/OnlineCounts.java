package dev.roomcast.room.scheduler;

import dev.roomcast.room.membership.RedisMembershipStore;
import dev.roomcast.scheduler.OnlineCountSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The scheduler asks for a room's online count on its own thread and must not wait: answer from a
 * local cache, and refresh an entry from Redis (one GET) in the background when it is older than
 * {@link #REFRESH_AFTER_MS}. Joins and leaves handled here update the cache as they pass, so the
 * refresh only catches changes made through other instances: with 10,000 mostly idle rooms it costs
 * 2,000 GETs a second, not one round trip per room per tick.
 */
@ApplicationScoped
public class OnlineCounts implements OnlineCountSource {

    static final long REFRESH_AFTER_MS = 5000;
    static final int MAX_ROOMS = 200_000;

    private record Entry(long count, long atMs, boolean refreshing) {
    }

    private final RedisMembershipStore membership;
    private final ConcurrentHashMap<String, Entry> cache = new ConcurrentHashMap<>();

    public OnlineCounts(RedisMembershipStore membership) {
        this.membership = membership;
    }

    @Override
    public long onlineCount(String roomId) {
        long now = System.currentTimeMillis();
        Entry entry = cache.get(roomId);
        if (entry == null || (now - entry.atMs() > REFRESH_AFTER_MS && !entry.refreshing())) {
            refresh(roomId, entry, now);
        }
        return entry == null ? 0 : entry.count();
    }

    public void observed(String roomId, long count) {
        if (cache.size() < MAX_ROOMS || cache.containsKey(roomId)) {
            cache.put(roomId, new Entry(count, System.currentTimeMillis(), false));
        }
    }

    /** Forget rooms that went idle (called by the host's housekeeping). */
    public void forget(String roomId) {
        cache.remove(roomId);
    }

    private void refresh(String roomId, Entry previous, long now) {
        if (cache.size() >= MAX_ROOMS && previous == null) {
            return;
        }
        cache.put(roomId, new Entry(previous == null ? 0 : previous.count(), previous == null ? 0 : previous.atMs(), true));
        membership.online(roomId).subscribe().with(
                count -> cache.put(roomId, new Entry(count, System.currentTimeMillis(), false)),
                failure -> cache.computeIfPresent(roomId, (k, e) -> new Entry(e.count(), now, false)));
    }
}
