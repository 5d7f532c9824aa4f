package dev.roomcast.gift.api.rest;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The anchor's cursor after the ack (never moves back). */
@RegisterForReflection
public record AckReplyBody(String roomId, long ackedSeq) {
}
