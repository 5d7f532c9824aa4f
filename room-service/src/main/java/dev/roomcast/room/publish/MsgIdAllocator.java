package dev.roomcast.room.publish;

import dev.roomcast.room.membership.Keys;
import dev.roomcast.room.membership.RedisPipeline;
import dev.roomcast.room.membership.Scripts;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Assigns msgIds: one atomic Redis script per message on the mailbox's {@code {id}}-tagged key,
 * returning max(last + 1, redisTimeMs * 1024). Strictly increasing per mailbox whichever instance
 * asks (Redis serializes them), unique across restarts of room-service, still increasing after Redis
 * itself loses the key (the time floor), and it never waits on PostgreSQL. The cost is one pipelined
 * Redis round trip per persisted message, tens of microseconds here.
 * <p>
 * With a publisher's idempotency key the same round trip also claims the key: the first acceptance, on
 * whichever instance, records its msgId and {@code created_at}; a repeat gets that record back instead of a
 * new id. The record lives beside the msgId key (same hash tag, same Redis Cluster slot) for the window.
 */
@ApplicationScoped
public class MsgIdAllocator {

    /** The first acceptance of a publish: its msgId and acceptance time; {@code duplicate} when seen before. */
    public record Acceptance(long msgId, long createdAtMs, boolean duplicate) {
    }

    /**
     * KEYS[1] msgId counter, KEYS[2] the publishId record; ARGV[1] window (s), ARGV[2] '1' to assign a msgId,
     * ARGV[3] a preassigned msgId (or 0), ARGV[4] this instance's acceptance time (ms). Returns
     * {"new"|"dup", msgId, createdAtMs}.
     */
    static final String ACCEPT_ONCE = """
            local prev = redis.call('GET', KEYS[2])
            if prev then
              local colon = string.find(prev, ':')
              return {'dup', string.sub(prev, 1, colon - 1), string.sub(prev, colon + 1)}
            end
            local id = ARGV[3]
            if ARGV[2] == '1' then
              local t = redis.call('TIME')
              local floor = (tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)) * 1024
              local n = tonumber(redis.call('GET', KEYS[1]) or '0') + 1
              if n < floor then n = floor end
              id = string.format('%.0f', n)
              redis.call('SET', KEYS[1], id)
            end
            redis.call('SET', KEYS[2], id .. ':' .. ARGV[4], 'EX', ARGV[1])
            return {'new', id, ARGV[4]}
            """;

    private final RedisPipeline pipeline;

    public MsgIdAllocator(RedisPipeline pipeline) {
        this.pipeline = pipeline;
    }

    /** The next msgId of a room ({@code room:X}), user ({@code user:X}) or global mailbox, keyed by its tag. */
    public Uni<Long> next(String tag) {
        return pipeline.send(Request.cmd(Command.EVAL).arg(Scripts.NEXT_MSG_ID).arg(1).arg(Keys.msgId(tag)))
                .map(r -> Long.parseLong(r.toString()));
    }

    /**
     * Claims {@code publishId} for this publish, or returns its first acceptance. {@code assign}: allocate a
     * msgId (persisted type without a preassigned one); else {@code preassigned} (0 for transient types) is kept.
     */
    public Uni<Acceptance> acceptOnce(String tag, String publishId, boolean assign, long preassigned, long nowMs,
                                      int windowSeconds) {
        String msgIdKey = Keys.msgId(tag);
        return pipeline.send(Request.cmd(Command.EVAL).arg(ACCEPT_ONCE).arg(2).arg(msgIdKey)
                        .arg(msgIdKey + ":pub:" + publishId).arg(windowSeconds).arg(assign ? "1" : "0")
                        .arg(preassigned).arg(nowMs))
                .map(MsgIdAllocator::acceptance);
    }

    private static Acceptance acceptance(Response r) {
        return new Acceptance(Long.parseLong(r.get(1).toString()), Long.parseLong(r.get(2).toString()),
                "dup".equals(r.get(0).toString()));
    }
}
