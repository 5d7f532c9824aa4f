package dev.roomcast.mailbox.poll;

import dev.roomcast.mailbox.config.MailboxConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;

/**
 * Reads the online count room-service keeps in Redis at {@code rc:{roomId}:online}: an integer
 * string, or a set / sorted set / hash whose size is the count. One round trip whatever the type (Lua),
 * so room-service may change its representation without a mailbox release.
 */
@ApplicationScoped
@Typed(RedisRoomSizeSource.class) // injected through CachedRoomSizeSource
public class RedisRoomSizeSource implements RoomSizeSource {

    private static final String SCRIPT = """
            local t = redis.call('TYPE', KEYS[1]).ok
            if t == 'string' then return tonumber(redis.call('GET', KEYS[1])) or -1
            elseif t == 'set' then return redis.call('SCARD', KEYS[1])
            elseif t == 'zset' then return redis.call('ZCARD', KEYS[1])
            elseif t == 'hash' then return redis.call('HLEN', KEYS[1])
            end
            return -1
            """;

    private final Redis redis;
    private final String keyPattern;

    public RedisRoomSizeSource(Redis redis, MailboxConfig config) {
        this.redis = redis;
        this.keyPattern = config.poll().onlineKeyPattern();
    }

    @Override
    public Uni<Long> online(String roomId) {
        // EVAL (not EVALSHA) keeps this self-contained; the script is tiny and Redis caches it by hash.
        Request r = Request.cmd(Command.EVAL).arg(SCRIPT).arg(1).arg(String.format(keyPattern, roomId));
        return redis.send(r).map(resp -> resp == null ? -1L : resp.toLong());
    }
}
