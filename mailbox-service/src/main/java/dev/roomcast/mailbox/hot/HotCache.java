package dev.roomcast.mailbox.hot;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.roomcast.common.mailbox.HotWindowKeys;
import dev.roomcast.mailbox.config.MailboxConfig;
import dev.roomcast.mailbox.timeline.MessageMapper;
import dev.roomcast.proto.v1.Message;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * The hot window of each room in Redis: a sorted set {@code <prefix>:{roomId}:hot} (score = msgId,
 * member = the protobuf Message) trimmed to the newest {@code windowCount}, and a hash
 * {@code <prefix>:{roomId}:meta} with {@code warm} (loaded from PostgreSQL or fed since) and {@code floor}
 * (highest msgId trimmed away). Both keys share the {roomId} hash tag (one Redis Cluster slot) and expire
 * together when the room idles. Each operation is one Lua script: one round trip, atomic trim.
 * <p>
 * One msgId, one member: a store first removes whatever member holds the same score, so a message written
 * by two paths (the append feed and a rebuild from PostgreSQL) or encoded two ways (an empty sender set or
 * absent) replaces itself instead of showing twice; members are also written in {@link MessageMapper#canonical}
 * form, and a read drops any repeated msgId left by an older version of this script.
 */
@ApplicationScoped
public class HotCache {

    private static final LuaScript STORE = new LuaScript("""
            local max = tonumber(ARGV[1])
            for i = 5, #ARGV, 2 do
              redis.call('ZREMRANGEBYSCORE', KEYS[1], ARGV[i], ARGV[i])
              redis.call('ZADD', KEYS[1], ARGV[i], ARGV[i + 1])
              redis.call('ZREMRANGEBYSCORE', KEYS[3], ARGV[i], ARGV[i])
            end
            local card = redis.call('ZCARD', KEYS[1])
            local floor = tonumber(ARGV[4])
            if card > max then
              local cut = redis.call('ZRANGE', KEYS[1], card - max - 1, card - max - 1, 'WITHSCORES')
              local s = tonumber(cut[2])
              if s > floor then floor = s end
              redis.call('ZREMRANGEBYRANK', KEYS[1], 0, card - max - 1)
            end
            local old = tonumber(redis.call('HGET', KEYS[2], 'floor') or '0')
            if floor > old then redis.call('HSET', KEYS[2], 'floor', string.format('%.0f', floor)) end
            if ARGV[3] == '1' then redis.call('HSET', KEYS[2], 'warm', '1') end
            redis.call('EXPIRE', KEYS[1], ARGV[2])
            redis.call('EXPIRE', KEYS[2], ARGV[2])
            return card
            """);

    /*
     * Pending markers (HotWindowKeys): room-service marks a room msgId when it assigns it ("msgId:deadlineMs:r"),
     * and an append marks its room msgIds again before its PostgreSQL commit ("msgId:deadlineMs"); the window
     * store clears both. Publishes and appends run concurrently, so a later msgId can reach the window before an
     * earlier one (or before the earlier one even reaches this service): a poll must not move its cursor past a
     * msgId still on its way. READ answers the lowest live marker (expired ones — an instance that died
     * mid-publish or mid-append — are dropped). UNMARK (a failed commit) leaves room-service's markers.
     */
    private static final LuaScript MARK = new LuaScript("""
            local t = redis.call('TIME')
            local deadline = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) + tonumber(ARGV[1])
            for i = 3, #ARGV do
              redis.call('ZADD', KEYS[3], ARGV[i], ARGV[i] .. ':' .. string.format('%.0f', deadline))
            end
            redis.call('EXPIRE', KEYS[3], ARGV[2])
            return 1
            """);

    private static final LuaScript UNMARK = new LuaScript("""
            for i = 1, #ARGV do
              local marks = redis.call('ZRANGEBYSCORE', KEYS[3], ARGV[i], ARGV[i])
              for j = 1, #marks do
                if string.sub(marks[j], -SUFFIX_LENGTH) ~= 'SUFFIX' then redis.call('ZREM', KEYS[3], marks[j]) end
              end
            end
            return 1
            """.replace("SUFFIX_LENGTH", String.valueOf(HotWindowKeys.ASSIGNED_MARKER_SUFFIX.length()))
            .replace("SUFFIX", HotWindowKeys.ASSIGNED_MARKER_SUFFIX));

    private static final LuaScript READ = new LuaScript("""
            local meta = redis.call('HMGET', KEYS[2], 'warm', 'floor')
            local head = redis.call('ZREVRANGE', KEYS[1], 0, 0)
            local pending = ''
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            while true do
              local first = redis.call('ZRANGE', KEYS[3], 0, 0, 'WITHSCORES')
              if #first == 0 then break end
              local deadline = tonumber(string.match(first[1], '^[^:]*:(%d+)') or '0')
              if deadline > now then pending = first[2] break end
              redis.call('ZREM', KEYS[3], first[1])
            end
            local items = redis.call('ZREVRANGEBYSCORE', KEYS[1], '+inf', ARGV[1], 'LIMIT', 0, ARGV[2])
            local out = {meta[1] or '', meta[2] or '0', head[1] or '', pending}
            for i = 1, #items do out[#out + 1] = items[i] end
            return out
            """);

    private final Redis redis;
    private final MailboxConfig.Hot config;

    public HotCache(Redis redis, MailboxConfig config) {
        this.redis = redis;
        this.config = config.hot();
    }

    public int windowCount() {
        return config.windowCount();
    }

    /** Adds messages to a room's window (idempotent: same message, same member) and trims it. */
    public Uni<Void> store(String roomId, List<Message> messages, boolean markWarm, long floorHint) {
        List<Object> args = new ArrayList<>(4 + messages.size() * 2);
        args.add(Long.valueOf(config.windowCount()));
        args.add(Long.valueOf(config.idleTtlSeconds()));
        args.add(markWarm ? "1" : "0");
        args.add(Long.valueOf(floorHint));
        for (Message m : messages) {
            args.add(Long.valueOf(m.getMsgId()));
            args.add(MessageMapper.canonical(m).toByteArray());
        }
        return STORE.run(redis, keys(roomId), args).replaceWithVoid();
    }

    /** Marks room msgIds whose append is on its way (before the commit); the window store or {@link #unmarkPending} clears them. */
    public Uni<Void> markPending(String roomId, List<Long> msgIds) {
        List<Object> args = new ArrayList<>(2 + msgIds.size());
        args.add(Long.valueOf(config.pendingMaxMillis()));
        args.add(Long.valueOf(config.idleTtlSeconds()));
        args.addAll(msgIds);
        return MARK.run(redis, keys(roomId), args).replaceWithVoid();
    }

    /** Clears markers of an append that failed (it is retried by its sender, which marks them again). */
    public Uni<Void> unmarkPending(String roomId, List<Long> msgIds) {
        return UNMARK.run(redis, keys(roomId), new ArrayList<>(msgIds)).replaceWithVoid();
    }

    /** Forgets that a window is complete, so the next read rebuilds it from PostgreSQL. */
    public Uni<Void> markCold(String roomId) {
        return redis.send(Request.cmd(Command.HDEL).arg(keys(roomId).get(1)).arg("warm")).replaceWithVoid();
    }

    /** Reads up to {@code count} newest messages with msgId >= fromMsgId (use 0 for the whole window). */
    public Uni<HotSnapshot> read(String roomId, long fromMsgId, int count) {
        List<Object> args = List.of(Long.valueOf(fromMsgId), Long.valueOf(count));
        return READ.run(redis, keys(roomId), args).map(HotCache::snapshot);
    }

    private List<String> keys(String roomId) {
        String prefix = config.keyPrefix();
        return List.of(HotWindowKeys.hot(prefix, roomId), HotWindowKeys.meta(prefix, roomId),
                HotWindowKeys.pending(prefix, roomId));
    }

    private static HotSnapshot snapshot(Response r) {
        boolean warm = "1".equals(r.get(0).toString());
        long floor = (long) Double.parseDouble(r.get(1).toString());
        byte[] headBytes = r.get(2).toBytes();
        long head = headBytes.length == 0 ? 0 : decode(headBytes).getMsgId();
        String pending = r.get(3).toString();
        long pendingFrom = pending.isEmpty() ? Long.MAX_VALUE : (long) Double.parseDouble(pending);
        List<Message> items = new ArrayList<>(r.size() - 4);
        long previous = Long.MIN_VALUE;
        for (int i = 4; i < r.size(); i++) {
            Message m = decode(r.get(i).toBytes());
            if (m.getMsgId() != previous) {   // newest first: a repeated msgId is adjacent
                items.add(m);
            }
            previous = m.getMsgId();
        }
        return new HotSnapshot(warm, floor, head, pendingFrom, items);
    }

    private static Message decode(byte[] bytes) {
        try {
            return Message.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("corrupt hot cache member", e);
        }
    }
}
