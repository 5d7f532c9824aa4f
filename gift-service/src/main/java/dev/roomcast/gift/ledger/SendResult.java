package dev.roomcast.gift.ledger;

/** The recorded gift; {@code duplicate} when the order was already recorded (this is the first result). */
public record SendResult(LedgerGift gift, boolean duplicate) {
}
