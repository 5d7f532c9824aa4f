package dev.roomcast.room.api.rest;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Every REST error: a stable code a caller can branch on, and a message for people. */
@RegisterForReflection
public record ErrorBody(String code, String message) {
}
