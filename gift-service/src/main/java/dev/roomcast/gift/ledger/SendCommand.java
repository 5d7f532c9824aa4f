package dev.roomcast.gift.ledger;

/** A validated request to record a paid gift; {@link dev.roomcast.gift.api.GiftValidator} builds it. */
public record SendCommand(String orderId, String roomId, String fromUserId, String fromNickname,
                          String giftId, String giftName, int count, long unitValue) {

    public long totalValue() {
        return (long) count * unitValue;
    }
}
