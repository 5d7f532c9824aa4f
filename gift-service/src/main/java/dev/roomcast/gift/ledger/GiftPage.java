package dev.roomcast.gift.ledger;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/** Gifts after a sequence, oldest first, with the anchor's cursor and whether more wait. */
@RegisterForReflection
public record GiftPage(String roomId, List<LedgerGift> gifts, long ackedSeq, boolean hasMore) {
}
