package dev.roomcast.gift.api.rest;

import dev.roomcast.gift.ledger.LedgerGift;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** The recorded gift with its sequence; {@code duplicate} when the order had been recorded before. */
@RegisterForReflection
public record SendGiftReplyBody(LedgerGift gift, boolean duplicate) {
}
