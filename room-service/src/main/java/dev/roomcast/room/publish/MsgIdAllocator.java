package dev.roomcast.room.publish;

import dev.roomcast.room.membership.Keys;
import dev.roomcast.room.membership.RedisPipeline;
import dev.roomcast.room.membership.Scripts;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Assigns msgIds: one atomic Redis script per message on the mailbox's {@code {id}}-tagged key,
 * returning max(last + 1, redisTimeMs * 1024). Strictly increasing per mailbox whichever instance
 * asks (Redis serializes them), unique across restarts of room-service, still increasing after Redis
 * itself loses the key (the time floor), and it never waits on PostgreSQL. The cost is one pipelined
 * Redis round trip per persisted message, tens of microseconds here.
 */
@ApplicationScoped
public class MsgIdAllocator {

    private final RedisPipeline pipeline;

    public MsgIdAllocator(RedisPipeline pipeline) {
        this.pipeline = pipeline;
    }

    /** The next msgId of a room ({@code room:X}), user ({@code user:X}) or global mailbox, keyed by its tag. */
    public Uni<Long> next(String tag) {
        return pipeline.send(Request.cmd(Command.EVAL).arg(Scripts.NEXT_MSG_ID).arg(1).arg(Keys.msgId(tag)))
                .map(r -> Long.parseLong(r.toString()));
    }
}
