package dev.roomcast.room.membership;

/**
 * Lua scripts, each touching the keys of one room only (one Cluster slot), so a run of joins and
 * leaves is one atomic round trip. The online counter moves with the route counts, so it can always be repaired
 * from them (announce, expiry).
 */
public final class Scripts {

    private Scripts() {
    }

    /** Route versions of a quiet mcast are forgotten after a day (a connector's sequence only grows). */
    public static final long ROUTE_VERSION_TTL_MILLIS = 86_400_000L;

    /**
     * Applies a run of membership changes of one mcast on one connector, in order, in one call: the
     * route count, its version and the online counter are read once and written once, viewers go into
     * the HLL with one PFADD. A change with a version ({@code > 0}) sets the count to the connector's
     * own figure unless a newer version was applied already (so late, retried or reordered changes are
     * harmless); one without moves the count by one (a leave never below 0). Per change it returns what
     * it would have returned alone, so callers see exact sequential results.
     * KEYS route, online, viewers, enter, msgid, routever; ARGV connectorId, isRoomChannel, nowMs,
     * versionTtlMs, then (op, userId, membersAfter, version) quads, op 'j' join, 'l' leave, 's' set only
     * -> {before, after, lastMsgId, members1, online1, members2, online2, ...}.
     */
    static final String APPLY = """
            local room = ARGV[2] == '1'
            local before = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0')
            local version = tonumber(redis.call('HGET', KEYS[6], ARGV[1]) or '0')
            local versioned = false
            local n = before
            local online = 0
            if room then online = tonumber(redis.call('GET', KEYS[2]) or '0') end
            local out = {0, 0, redis.call('GET', KEYS[5]) or '0'}
            local viewers = {}
            for i = 5, #ARGV, 4 do
              local op = ARGV[i]
              local user = ARGV[i + 1]
              local after = tonumber(ARGV[i + 2])
              local v = tonumber(ARGV[i + 3])
              local old = n
              if v > 0 then
                if v > version then
                  n = math.max(0, after)
                  version = v
                  versioned = true
                end
              elseif op == 'j' then
                n = n + 1
              elseif op == 'l' and n > 0 then
                n = n - 1
              end
              if room then
                online = math.max(0, online + n - old)
                if op == 'j' and user ~= '' then
                  viewers[#viewers + 1] = user
                  redis.call('HSETNX', KEYS[4], user, ARGV[3])
                elseif op == 'l' and user ~= '' then
                  redis.call('HDEL', KEYS[4], user)
                end
              end
              out[#out + 1] = n
              out[#out + 1] = online
            end
            if n > 0 then redis.call('HSET', KEYS[1], ARGV[1], n) else redis.call('HDEL', KEYS[1], ARGV[1]) end
            if versioned then
              redis.call('HSET', KEYS[6], ARGV[1], string.format('%.0f', version))
              redis.call('PEXPIRE', KEYS[6], ARGV[4])
            end
            if room then
              redis.call('SET', KEYS[2], online)
              if #viewers > 0 then redis.call('PFADD', KEYS[3], unpack(viewers)) end
            end
            out[1] = before
            out[2] = n
            return out
            """;

    /**
     * KEYS route, online, routever; ARGV connectorId, members, isRoomChannel, version, versionTtlMs
     * -> previous members, or the members asked for when a newer version was applied already (nothing
     * to repair). Version 0 sets unconditionally and forgets the connector's version (its routes are
     * dropped); a version > 0 is kept so that older changes arriving later are refused.
     */
    static final String SET_ROUTE = """
            local old = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0')
            local n = tonumber(ARGV[2])
            local v = tonumber(ARGV[4])
            if v > 0 then
              if v <= tonumber(redis.call('HGET', KEYS[3], ARGV[1]) or '0') then return n end
              redis.call('HSET', KEYS[3], ARGV[1], ARGV[4])
              redis.call('PEXPIRE', KEYS[3], ARGV[5])
            else
              redis.call('HDEL', KEYS[3], ARGV[1])
            end
            if n > 0 then redis.call('HSET', KEYS[1], ARGV[1], n) else redis.call('HDEL', KEYS[1], ARGV[1]) end
            if ARGV[3] == '1' and n ~= old then
              local total = redis.call('INCRBY', KEYS[2], n - old)
              if total < 0 then redis.call('SET', KEYS[2], 0) end
            end
            return old
            """;

    /**
     * KEYS msgid -> next msgId: max(last + 1, redisTimeMs * 1024). The time floor keeps ids increasing
     * even if Redis loses the key (restart without persistence); Redis' own clock avoids skew between
     * instances. 1024 ids per millisecond per room before ids run ahead of the clock (then they just
     * count on). Below 2^53 until the year 2248, so Lua's doubles stay exact. With KEYS[2] (a room's pending
     * markers, HotWindowKeys) the msgId is also marked pending until ARGV[1] ms from now (ARGV[2]: the key's TTL
     * in seconds, ARGV[3]: the marker suffix), in the same slot and the same step.
     */
    public static final String NEXT_MSG_ID = """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local floor = now * 1024
            local id = tonumber(redis.call('GET', KEYS[1]) or '0') + 1
            if id < floor then id = floor end
            local out = string.format('%.0f', id)
            redis.call('SET', KEYS[1], out)
            if #KEYS > 1 then
              redis.call('ZADD', KEYS[2], out, out .. ':' .. string.format('%.0f', now + tonumber(ARGV[1])) .. ARGV[3])
              redis.call('EXPIRE', KEYS[2], ARGV[2])
            end
            return out
            """;
}
