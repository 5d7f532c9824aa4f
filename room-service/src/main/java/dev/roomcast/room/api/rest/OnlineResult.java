package dev.roomcast.room.api.rest;

import io.quarkus.runtime.annotations.RegisterForReflection;

@RegisterForReflection
public record OnlineResult(String roomId, long onlineCount, long cumulativeViewers) {
}
