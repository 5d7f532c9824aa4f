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
        return Message.newBuilder()
                .setRoomId(row.roomId)
                .setMsgId(row.msgId)
                .setType(type == null ? MessageType.MESSAGE_TYPE_UNSPECIFIED : type)
                .setPriority(row.priority)
                .setSender(Sender.newBuilder()
                        .setUserId(row.senderId)
                        .setLevel(row.senderLevel)
                        .setAnonymous(row.senderAnonymous)
                        .setNickname(row.senderNickname))
                .setBody(row.body)
                .setCreatedAtMs(created)
                .setConflateKey(row.conflateKey)
                .setTtlMs((int) ttl)
                .setAggregateCount(row.aggregateCount)
                .setUserId(row.targetUserId)
                .build();
    }

    /** Expiry of a message as stored or cached: createdAt + effective ttl. */
    public static long expireAtMs(Message m) {
        return m.getCreatedAtMs() + m.getTtlMs();
    }
}
