package dev.roomcast.gift.api.rest;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** POST /v1/rooms/{roomId}/gifts/ack: the highest contiguous sequence the anchor holds. */
@RegisterForReflection
public record AckBody(Long seq) {
}
