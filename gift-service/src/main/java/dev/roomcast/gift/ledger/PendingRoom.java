package dev.roomcast.gift.ledger;

/** A room whose anchor has not acknowledged every recorded gift. */
public record PendingRoom(String roomId, long lastSeq, long ackedSeq) {
}
