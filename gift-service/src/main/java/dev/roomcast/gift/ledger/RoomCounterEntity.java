package dev.roomcast.gift.ledger;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * Hands out a room's dense gift sequence. Read with a row lock inside the send transaction: the
 * increment and the gift insert commit (or roll back) together, so sequences have no gaps and no
 * duplicates however many sends race for one room.
 */
@Entity
@Table(name = "room_counter")
@NamedQuery(name = RoomCounterEntity.PENDING,
        query = "select c.roomId, c.lastSeq, coalesce(a.ackedSeq, 0) from RoomCounterEntity c"
                + " left join AnchorCursorEntity a on a.roomId = c.roomId"
                + " where c.lastSeq > coalesce(a.ackedSeq, 0) and c.lastGiftMs >= :since order by c.lastGiftMs desc")
public class RoomCounterEntity {

    static final String PENDING = "RoomCounter.pending";

    @Id
    @Column(name = "room_id")
    private String roomId;
    @Column(name = "last_seq")
    private long lastSeq;
    @Column(name = "gift_count")
    private long giftCount;
    @Column(name = "item_count")
    private long itemCount;
    @Column(name = "total_value")
    private long totalValue;
    @Column(name = "last_gift_ms")
    private long lastGiftMs;

    protected RoomCounterEntity() {
    }

    long next(SendCommand cmd, long nowMs) {
        lastGiftMs = nowMs;
        lastSeq++;
        giftCount++;
        itemCount += cmd.count();
        totalValue += cmd.totalValue();
        return lastSeq;
    }

    public Totals totals() {
        return new Totals(roomId, lastSeq, giftCount, itemCount, totalValue);
    }
}
