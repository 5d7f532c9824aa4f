package dev.roomcast.room.publish;

import dev.roomcast.room.mailbox.PendingMarkers;
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
     * KEYS[1] msgId counter, KEYS[2] the publishId record, KEYS[3] (rooms only) the room's pending markers;
     * ARGV[1] window (s), ARGV[2] '1' to assign a msgId, ARGV[3] a preassigned msgId (or 0), ARGV[4] this
     * instance's acceptance time (ms), ARGV[5..7] the marker's lifetime (ms), the markers key's TTL (s) and
     * suffix. Returns {"new"|"dup", msgId, createdAtMs}.
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
            if ARGV[2] == '1' and #KEYS > 2 then
              local t = redis.call('TIME')
              local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
              redis.call('ZADD', KEYS[3], id, id .. ':' .. string.format('%.0f', now + tonumber(ARGV[5])) .. ARGV[7])
              redis.call('EXPIRE', KEYS[3], ARGV[6])
            end
            return {'new', id, ARGV[4]}
            """;

    private final RedisPipeline pipeline;
    private final PendingMarkers pending;

    public MsgIdAllocator(RedisPipeline pipeline, PendingMarkers pending) {
        this.pipeline = pipeline;
        this.pending = pending;
    }

    /**
     * The next msgId of a room ({@code room:X}), user ({@code user:X}) or global mailbox, keyed by its tag.
     * {@code roomId} (null for other mailboxes): the room whose polls this msgId holds back, pending, until the
     * mailbox has it in its hot window (it may be committed after a later msgId of the room).
     */
    public Uni<Long> next(String tag, String roomId) {
        Request eval = Request.cmd(Command.EVAL).arg(Scripts.NEXT_MSG_ID);
        if (roomId == null) {
            eval.arg(1).arg(Keys.msgId(tag));
        } else {
            eval.arg(2).arg(Keys.msgId(tag)).arg(pending.key(roomId)).arg(pending.maxMillis())
                    .arg(PendingMarkers.KEY_TTL_SECONDS).arg(pending.suffix());
        }
        return pipeline.send(eval).map(r -> Long.parseLong(r.toString()));
    }

    /**
     * Claims {@code publishId} for this publish, or returns its first acceptance. {@code assign}: allocate a
     * msgId (persisted type without a preassigned one); else {@code preassigned} (0 for transient types) is kept.
     * {@code roomId}: as for {@link #next}.
     */
    public Uni<Acceptance> acceptOnce(String tag, String roomId, String publishId, boolean assign, long preassigned,
                                      long nowMs, int windowSeconds) {
        String msgIdKey = Keys.msgId(tag);
        Request eval = Request.cmd(Command.EVAL).arg(ACCEPT_ONCE).arg(roomId == null ? 2 : 3).arg(msgIdKey)
                .arg(msgIdKey + ":pub:" + publishId);
        if (roomId != null) {
            eval.arg(pending.key(roomId));
        }
        eval.arg(windowSeconds).arg(assign ? "1" : "0").arg(preassigned).arg(nowMs).arg(pending.maxMillis())
                .arg(PendingMarkers.KEY_TTL_SECONDS).arg(pending.suffix());
        return pipeline.send(eval).map(MsgIdAllocator::acceptance);
    }

    private static Acceptance acceptance(Response r) {
        return new Acceptance(Long.parseLong(r.get(1).toString()), Long.parseLong(r.get(2).toString()),
                "dup".equals(r.get(0).toString()));
    }
}
