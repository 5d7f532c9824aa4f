package dev.roomcast.room.membership;

/**
 * Lua scripts, each touching the keys of one room only (one Cluster slot), so a run of joins and
 * leaves is one atomic round trip. The online counter moves with the route counts, so it can always be repaired
 * from them (announce, expiry).
 */
public final class Scripts {

    private Scripts() {
    }

    /**
     * Applies a run of joins and leaves of one mcast on one connector, in order, in one call: the
     * route count and online counter are read once and written once, viewers go into the HLL with one
     * PFADD. Per operation it returns what it would have returned alone, so callers see exact
     * sequential results. A leave with no member left on this connector changes nothing (never below 0).
     * KEYS route, online, viewers, enter, msgid; ARGV connectorId, isRoomChannel, nowMs, then op, userId
     * pairs (op 'j' or 'l') -> {before, after, lastMsgId, members1, online1, members2, online2, ...}.
     */
    static final String APPLY = """
            local room = ARGV[2] == '1'
            local before = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0')
            local n = before
            local online = 0
            if room then online = tonumber(redis.call('GET', KEYS[2]) or '0') end
            local out = {0, 0, redis.call('GET', KEYS[5]) or '0'}
            local viewers = {}
            for i = 4, #ARGV, 2 do
              local op = ARGV[i]
              local user = ARGV[i + 1]
              if op == 'j' then
                n = n + 1
                if room then
                  online = online + 1
                  if user ~= '' then
                    viewers[#viewers + 1] = user
                    redis.call('HSETNX', KEYS[4], user, ARGV[3])
                  end
                end
              else
                if n > 0 then
                  n = n - 1
                  if room and online > 0 then online = online - 1 end
                end
                if room and user ~= '' then redis.call('HDEL', KEYS[4], user) end
              end
              out[#out + 1] = n
              out[#out + 1] = online
            end
            if n > 0 then redis.call('HSET', KEYS[1], ARGV[1], n) else redis.call('HDEL', KEYS[1], ARGV[1]) end
            if room then
              redis.call('SET', KEYS[2], online)
              if #viewers > 0 then redis.call('PFADD', KEYS[3], unpack(viewers)) end
            end
            out[1] = before
            out[2] = n
            return out
            """;

    /** KEYS route, online; ARGV connectorId, members, isRoomChannel -> previous members. */
    static final String SET_ROUTE = """
            local old = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0')
            local n = tonumber(ARGV[2])
            if n > 0 then redis.call('HSET', KEYS[1], ARGV[1], n) else redis.call('HDEL', KEYS[1], ARGV[1]) end
            if ARGV[3] == '1' and n ~= old then
              local v = redis.call('INCRBY', KEYS[2], n - old)
              if v < 0 then redis.call('SET', KEYS[2], 0) end
            end
            return old
            """;

    /**
     * KEYS msgid -> next msgId: max(last + 1, redisTimeMs * 1024). The time floor keeps ids increasing
     * even if Redis loses the key (restart without persistence); Redis' own clock avoids skew between
     * instances. 1024 ids per millisecond per room before ids run ahead of the clock (then they just
     * count on). Below 2^53 until the year 2248, so Lua's doubles stay exact.
     */
    public static final String NEXT_MSG_ID = """
            local t = redis.call('TIME')
            local floor = (tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)) * 1024
            local id = tonumber(redis.call('GET', KEYS[1]) or '0') + 1
            if id < floor then id = floor end
            redis.call('SET', KEYS[1], string.format('%.0f', id))
            return string.format('%.0f', id)
            """;
}
