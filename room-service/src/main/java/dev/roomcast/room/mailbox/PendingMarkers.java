package dev.roomcast.room.mailbox;

import dev.roomcast.common.mailbox.HotWindowKeys;
import dev.roomcast.room.config.RoomConfig;
import dev.roomcast.room.membership.RedisPipeline;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The pending markers room-service sets on a room msgId when it assigns it (in the allocation script, see
 * {@code MsgIdAllocator}): the room's polls answer nothing at or above a marked msgId until the mailbox has
 * stored it in its hot window (which removes the marker), because publishes and appends of a room run
 * concurrently and a later msgId can reach the window first. A marker expires by itself after
 * {@code pending-max-millis}; an entry the appender gives up is unmarked at once, as nothing will come for it.
 */
@ApplicationScoped
public class PendingMarkers {

    /** The markers key outlives its markers (they expire by their own deadline); an idle room's goes. */
    public static final int KEY_TTL_SECONDS = 3600;

    private final RedisPipeline pipeline;
    private final String prefix;
    private final int maxMillis;

    public PendingMarkers(RedisPipeline pipeline, RoomConfig config) {
        this.pipeline = pipeline;
        this.prefix = config.mailbox().hotKeyPrefix();
        this.maxMillis = config.mailbox().pendingMaxMillis();
    }

    public String key(String roomId) {
        return HotWindowKeys.pending(prefix, roomId);
    }

    public int maxMillis() {
        return maxMillis;
    }

    public String suffix() {
        return HotWindowKeys.ASSIGNED_MARKER_SUFFIX;
    }

    /** A room message that will not be appended: its marker must not hold the room's polls back. Best effort. */
    public void clear(String roomId, long msgId) {
        pipeline.send(Request.cmd(Command.ZREMRANGEBYSCORE).arg(key(roomId)).arg(msgId).arg(msgId))
                .subscribe().with(ok -> { }, failure -> { });   // a marker left behind expires by its deadline
    }
}
