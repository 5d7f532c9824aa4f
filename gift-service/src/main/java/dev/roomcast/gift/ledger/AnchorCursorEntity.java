package dev.roomcast.gift.ledger;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The anchor's acknowledgement cursor of a room: every gift up to {@code ackedSeq} is held. Never moves back. */
@Entity
@Table(name = "anchor_cursor")
public class AnchorCursorEntity {

    @Id
    @Column(name = "room_id")
    private String roomId;
    @Column(name = "acked_seq")
    private long ackedSeq;
    @Column(name = "anchor_user_id")
    private String anchorUserId;
    @Column(name = "updated_at_ms")
    private long updatedAtMs;

    protected AnchorCursorEntity() {
    }

    static AnchorCursorEntity start(String roomId) {
        AnchorCursorEntity c = new AnchorCursorEntity();
        c.roomId = roomId;
        c.anchorUserId = "";
        return c;
    }

    /** @return true when the cursor moved forward */
    boolean advance(long seq, String anchorUserId, long nowMs) {
        if (seq <= ackedSeq) {
            return false;
        }
        ackedSeq = seq;
        this.anchorUserId = anchorUserId == null ? "" : anchorUserId;
        updatedAtMs = nowMs;
        return true;
    }

    public long ackedSeq() {
        return ackedSeq;
    }
}
