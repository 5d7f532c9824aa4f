package dev.roomcast.mailbox.timeline;

import dev.roomcast.proto.v1.Message;
import java.time.Instant;

/**
 * One validated message bound for a mailbox: its key, its effective expiry, and the message as the
 * publisher sent it (ttl_ms rewritten to the effective retention so cached copies carry their expiry).
 */
public record TimelineEntry(MailboxKind kind, String mboxId, Message message, Instant createdAt, Instant expireAt) {

    public long msgId() {
        return message.getMsgId();
    }

    /** The identity used for idempotency: (mbox_id, msg_id). */
    public Key key() {
        return new Key(mboxId, message.getMsgId());
    }

    public record Key(String mboxId, long msgId) {
    }
}
