package dev.roomcast.gift.ledger;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * A room's gift counter: the last dense sequence handed out and the dashboard totals. Written only by
 * the send transaction's upsert ({@link GiftLedger}); read here for totals and the re-push resume.
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

    public Totals totals() {
        return new Totals(roomId, lastSeq, giftCount, itemCount, totalValue);
    }
}
