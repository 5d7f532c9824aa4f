package dev.roomcast.gift.api.rest;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** POST /v1/gifts. Unknown fields are refused (UNKNOWN_FIELD): a typo must not silently drop data. */
@RegisterForReflection
public record SendGiftBody(String orderId, String roomId, String fromUser, String fromNickname,
                           String giftId, String giftName, Integer count, Long unitValue) {
}
