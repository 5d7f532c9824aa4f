package dev.roomcast.room.api.rest;

import dev.roomcast.proto.v1.PublishReply;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** The answer to a publish: the msgId (0 for transient types), whether it is persisted, the priority used. */
@RegisterForReflection
public record PublishResult(long msgId, String roomId, boolean persisted, int priority) {

    static PublishResult of(PublishReply reply) {
        return new PublishResult(reply.getMsgId(), reply.getRoomId(), reply.getPersisted(), reply.getPriority());
    }
}
