package dev.roomcast.mailbox.timeline;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/** A row of the partitioned timeline, read through Hibernate Reactive. Written in batches by {@link PgTimelineWriter}. */
@Entity
@Table(name = "message", schema = "mailbox")
@IdClass(StoredMessage.Key.class)
public class StoredMessage {

    @Id
    @Column(name = "mbox_id")
    public String mboxId;

    @Id
    @Column(name = "msg_id")
    public long msgId;

    @Id
    @Column(name = "created_at")
    public Instant createdAt;

    @Id
    @Column(name = "kind")
    public String kind;

    @Column(name = "room_id")
    public String roomId;

    @Column(name = "type")
    public short type;

    @Column(name = "priority")
    public short priority;

    @Column(name = "sender_id")
    public String senderId;

    @Column(name = "sender_level")
    public short senderLevel;

    @Column(name = "sender_anonymous")
    public boolean senderAnonymous;

    @Column(name = "sender_nickname")
    public String senderNickname;

    @Column(name = "body")
    public String body;

    @Column(name = "conflate_key")
    public String conflateKey;

    @Column(name = "aggregate_count")
    public int aggregateCount;

    @Column(name = "target_user_id")
    public String targetUserId;

    @Column(name = "expire_at")
    public Instant expireAt;

    /** Composite key; the partition columns must be part of it (PostgreSQL rule for partitioned keys). */
    public static class Key implements Serializable {
        public String mboxId;
        public long msgId;
        public Instant createdAt;
        public String kind;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key other && msgId == other.msgId && Objects.equals(mboxId, other.mboxId)
                    && Objects.equals(createdAt, other.createdAt) && Objects.equals(kind, other.kind);
        }

        @Override
        public int hashCode() {
            return Objects.hash(mboxId, msgId, createdAt, kind);
        }
    }
}
