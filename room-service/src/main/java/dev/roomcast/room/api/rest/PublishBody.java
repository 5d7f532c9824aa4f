package dev.roomcast.room.api.rest;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A publish over REST. {@code type} is a MessageType name (CHAT, GIFT, ...); {@code priority} 0 or
 * absent means the policy's default; {@code giftValue} selects the GIFT tier.
 */
@RegisterForReflection
public record PublishBody(String type, Integer priority, SenderBody sender, String body, String conflateKey,
                          Integer ttlMs, Long giftValue, Long msgId) {

    @RegisterForReflection
    public record SenderBody(String userId, Integer level, Boolean anonymous, String nickname) {
    }
}
