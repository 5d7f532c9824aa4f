package dev.roomcast.room.membership;

/**
 * Lua scripts, each touching the keys of one room only (one Cluster slot), so a join or leave is one
 * atomic round trip. The online counter moves with the route counts, so it can always be repaired
 * from them (announce, expiry).
 */
public final class Scripts {

    private Scripts() {
    }

    /** KEYS route, online, viewers, enter, msgid; ARGV connectorId, userId, nowMs, isRoomChannel -> {members, online, lastMsgId}. */
    static final String JOIN = """
            local n = redis.call('HINCRBY', KEYS[1], ARGV[1], 1)
            local online = 0
            if ARGV[4] == '1' then
              online = redis.call('INCR', KEYS[2])
              if ARGV[2] ~= '' then
                redis.call('PFADD', KEYS[3], ARGV[2])
                redis.call('HSETNX', KEYS[4], ARGV[2], ARGV[3])
              end
            end
            return {n, online, redis.call('GET', KEYS[5]) or '0'}
            """;

    /** KEYS route, online, enter; ARGV connectorId, userId, isRoomChannel -> {members, online}. */
    static final String LEAVE = """
            local n = redis.call('HINCRBY', KEYS[1], ARGV[1], -1)
            if n <= 0 then redis.call('HDEL', KEYS[1], ARGV[1]) end
            local online = 0
            if ARGV[3] == '1' then
              if n >= 0 then
                online = redis.call('DECR', KEYS[2])
                if online < 0 then redis.call('SET', KEYS[2], 0); online = 0 end
              else
                online = tonumber(redis.call('GET', KEYS[2]) or '0')
              end
              if ARGV[2] ~= '' then redis.call('HDEL', KEYS[3], ARGV[2]) end
            end
            return {n, online}
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
