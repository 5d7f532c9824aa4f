package dev.roomcast.mailbox.poll;

import dev.roomcast.mailbox.config.MailboxConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers each room's online count for a short while: the tier changes slowly, and a big room's pollers
 * would otherwise ask Redis for the same number thousands of times a second. Bounded: cleared when full.
 */
@ApplicationScoped
public class CachedRoomSizeSource implements RoomSizeSource {

    private static final int MAX_ROOMS = 100_000;

    private record Sample(long online, long expiresAtNanos) {
    }

    private final RedisRoomSizeSource redis;
    private final long ttlNanos;
    private final ConcurrentHashMap<String, Sample> samples = new ConcurrentHashMap<>();

    public CachedRoomSizeSource(RedisRoomSizeSource redis, MailboxConfig config) {
        this.redis = redis;
        this.ttlNanos = config.poll().onlineCacheMillis() * 1_000_000L;
    }

    @Override
    public Uni<Long> online(String roomId) {
        long now = System.nanoTime();
        Sample s = samples.get(roomId);
        if (s != null && now < s.expiresAtNanos()) {
            return Uni.createFrom().item(s.online());
        }
        return redis.online(roomId).invoke(count -> {
            if (ttlNanos > 0) {
                if (samples.size() >= MAX_ROOMS) {
                    samples.clear();
                }
                samples.put(roomId, new Sample(count, System.nanoTime() + ttlNanos));
            }
        });
    }
}
