package dev.roomcast.gift.ledger;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * One paid gift in the ledger, keyed by its payment order; {@code seq} is dense per room. Queries are
 * named so that Hibernate parses them at boot, never on an event loop at first use.
 */
@Entity
@Table(name = "gift")
@NamedQuery(name = GiftEntity.PAGE, query = "from GiftEntity where roomId = :room and seq > :after order by seq")
@NamedQuery(name = GiftEntity.CREATED_IN_RANGE,
        query = "select createdAtMs from GiftEntity where roomId = :room and seq > :from and seq <= :to")
@NamedQuery(name = GiftEntity.OUTBOX_DUE,
        query = "from GiftEntity where published = false and nextPublishMs <= :now order by nextPublishMs")
@NamedQuery(name = GiftEntity.MARK_PUBLISHED,
        query = "update GiftEntity set published = true, msgId = :msg where orderId = :order")
public class GiftEntity {

    static final String PAGE = "Gift.page";
    static final String CREATED_IN_RANGE = "Gift.createdInRange";
    static final String OUTBOX_DUE = "Gift.outboxDue";
    static final String MARK_PUBLISHED = "Gift.markPublished";

    @Id
    @Column(name = "order_id")
    private String orderId;
    @Column(name = "room_id")
    private String roomId;
    private long seq;
    @Column(name = "from_user_id")
    private String fromUserId;
    @Column(name = "from_nickname")
    private String fromNickname;
    @Column(name = "gift_id")
    private String giftId;
    @Column(name = "gift_name")
    private String giftName;
    @Column(name = "item_count")
    private int count;
    @Column(name = "unit_value")
    private long unitValue;
    @Column(name = "total_value")
    private long totalValue;
    @Column(name = "created_at_ms")
    private long createdAtMs;
    private boolean published;
    @Column(name = "msg_id")
    private long msgId;
    @Column(name = "publish_attempts")
    private int publishAttempts;
    @Column(name = "next_publish_ms")
    private long nextPublishMs;

    protected GiftEntity() {
    }

    static GiftEntity recorded(SendCommand cmd, long seq, long nowMs, long publishLeaseMs) {
        GiftEntity g = new GiftEntity();
        g.orderId = cmd.orderId();
        g.roomId = cmd.roomId();
        g.seq = seq;
        g.fromUserId = cmd.fromUserId();
        g.fromNickname = cmd.fromNickname();
        g.giftId = cmd.giftId();
        g.giftName = cmd.giftName();
        g.count = cmd.count();
        g.unitValue = cmd.unitValue();
        g.totalValue = cmd.totalValue();
        g.createdAtMs = nowMs;
        // The immediate publish after commit owns the gift for this lease; the outbox relay takes
        // over only if that attempt failed or this instance died.
        g.nextPublishMs = nowMs + publishLeaseMs;
        return g;
    }

    /** The content a replayed order must match; sequence and timestamps are the ledger's own. */
    boolean sameContentAs(SendCommand cmd) {
        return roomId.equals(cmd.roomId()) && fromUserId.equals(cmd.fromUserId())
                && fromNickname.equals(cmd.fromNickname()) && giftId.equals(cmd.giftId())
                && giftName.equals(cmd.giftName()) && count == cmd.count() && unitValue == cmd.unitValue();
    }

    void leaseForPublish(long untilMs) {
        publishAttempts++;
        nextPublishMs = untilMs;
    }

    public LedgerGift toLedgerGift() {
        return new LedgerGift(roomId, seq, orderId, fromUserId, fromNickname, giftId, giftName, count,
                unitValue, totalValue, createdAtMs, msgId);
    }

    public int publishAttempts() {
        return publishAttempts;
    }
}
