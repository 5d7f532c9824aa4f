package dev.roomcast.mailbox.timeline;

import dev.roomcast.proto.v1.Message;
import dev.roomcast.proto.v1.MessageType;
import dev.roomcast.proto.v1.Sender;

/** Rows to wire messages. ttl_ms carries the effective retention so that createdAt + ttl = expireAt. */
public final class MessageMapper {

    private MessageMapper() {
    }

    public static Message toMessage(StoredMessage row) {
        long created = row.createdAt.toEpochMilli();
        long ttl = Math.max(0, Math.min(Integer.MAX_VALUE, row.expireAt.toEpochMilli() - created));
        MessageType type = MessageType.forNumber(row.type);
        Message.Builder m = Message.newBuilder()
                .setRoomId(row.roomId)
                .setMsgId(row.msgId)
                .setType(type == null ? MessageType.MESSAGE_TYPE_UNSPECIFIED : type)
                .setPriority(row.priority)
                .setBody(row.body)
                .setCreatedAtMs(created)
                .setConflateKey(row.conflateKey)
                .setTtlMs((int) ttl)
                .setAggregateCount(row.aggregateCount)
                .setUserId(row.targetUserId);
        Sender sender = Sender.newBuilder().setUserId(row.senderId).setLevel(row.senderLevel)
                .setAnonymous(row.senderAnonymous).setNickname(row.senderNickname).build();
        if (!sender.equals(Sender.getDefaultInstance())) {   // a message stored without sender reads back without one
            m.setSender(sender);
        }
        return m.build();
    }

    /**
     * The one encoding of a message that the hot window stores: an all-default sender is the same as no
     * sender (the table cannot tell them apart), so it is dropped. Whatever path wrote the message and
     * however it set its optional fields, equal messages then encode to equal bytes.
     */
    public static Message canonical(Message m) {
        if (m.hasSender() && m.getSender().equals(Sender.getDefaultInstance())) {
            return m.toBuilder().clearSender().build();
        }
        return m;
    }

    /** Expiry of a message as stored or cached: createdAt + effective ttl. */
    public static long expireAtMs(Message m) {
        return m.getCreatedAtMs() + m.getTtlMs();
    }
}
