package dev.roomcast.gift.ledger;

import dev.roomcast.proto.v1.Gift;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** An immutable recorded gift, as the API and the delivery side see it. Serialized by Jackson. */
@RegisterForReflection
public record LedgerGift(String roomId, long seq, String orderId, String fromUserId, String fromNickname,
                         String giftId, String giftName, int count, long unitValue, long totalValue,
                         long createdAtMs, long msgId) {

    public Gift toProto() {
        return Gift.newBuilder()
                .setRoomId(roomId).setSeq(seq).setOrderId(orderId)
                .setFromUserId(fromUserId).setFromNickname(fromNickname)
                .setGiftId(giftId).setGiftName(giftName)
                .setCount(count).setUnitValue(unitValue).setTotalValue(totalValue)
                .setCreatedAtMs(createdAtMs).setMsgId(msgId)
                .build();
    }
}
