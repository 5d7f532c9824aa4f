package dev.roomcast.gift.ledger;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A room's gift totals for the anchor's dashboard: orders, items (sum of count) and value. */
@RegisterForReflection
public record Totals(String roomId, long lastSeq, long gifts, long items, long value) {

    public static Totals empty(String roomId) {
        return new Totals(roomId, 0, 0, 0, 0);
    }
}
