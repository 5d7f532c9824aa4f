package dev.roomcast.room.api.rest;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A publish over REST. {@code type} is a MessageType name (CHAT, GIFT, ...); {@code priority} 0 or
 * absent means the policy's default; {@code giftValue} selects the GIFT tier; {@code publishId} is the
 * publisher's idempotency key; {@code noWaitForAppend} answers once the append is queued rather than durable.
 */
@RegisterForReflection
public record PublishBody(String type, Integer priority, SenderBody sender, String body, String conflateKey,
                          Integer ttlMs, Long giftValue, Long msgId, String publishId, Boolean noWaitForAppend) {

    @RegisterForReflection
    public record SenderBody(String userId, Integer level, Boolean anonymous, String nickname) {
    }
}
