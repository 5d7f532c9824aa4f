package dev.roomcast.room.api.rest;

import dev.roomcast.proto.v1.PublishReply;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The answer to a publish: the msgId (0 for transient types), whether it is durably persisted (or only
 * {@code queued}; {@code appendError} when it was given up), the priority used, whether it repeated an
 * earlier publishId ({@code duplicate}) and the acceptance time fixed by the first acceptance.
 */
@RegisterForReflection
public record PublishResult(long msgId, String roomId, boolean persisted, int priority, boolean queued,
                            boolean duplicate, String appendError, long createdAtMs) {

    static PublishResult of(PublishReply reply) {
        return new PublishResult(reply.getMsgId(), reply.getRoomId(), reply.getPersisted(), reply.getPriority(),
                reply.getQueued(), reply.getDuplicate(), reply.getAppendError(), reply.getCreatedAtMs());
    }
}
