package dev.roomcast.gift.ledger;

import java.util.List;

/**
 * The cursor after an ack, the one before it, and the creation times of the gifts this ack covered
 * for the first time (empty when the ack moved nothing: a duplicate or stale ack).
 */
public record AckResult(String roomId, long ackedSeq, long previousSeq, long lastSeq, List<Long> newlyAckedCreatedAtMs) {
}
