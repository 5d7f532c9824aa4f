package dev.roomcast.gift.api.rest;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Every REST error: a typed code a client can act on, and a message for people. */
@RegisterForReflection
public record ErrorBody(String code, String message) {
}
