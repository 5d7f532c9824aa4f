package dev.roomcast.proto.codec;

import dev.roomcast.proto.v1.CompactBlockPayload;
import dev.roomcast.proto.v1.CompactMessage;
import dev.roomcast.proto.v1.Message;
import dev.roomcast.proto.v1.Sender;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The one definition of the compact block payload (see {@code CompactBlockPayload} in message.proto): the
 * server encodes with {@link #compact}, the Java client and the server's own decoder read with
 * {@link #messages}. Lives beside the contract so both sides share it; the TypeScript SDK mirrors it in
 * {@code client-js/src/codec/compactPayload.ts}. Stateless.
 */
public final class CompactPayloads {

    private CompactPayloads() {
    }

    /** The compact form of a block's messages; {@link #messages} restores them exactly. */
    public static CompactBlockPayload compact(List<Message> messages) {
        CompactBlockPayload.Builder out = CompactBlockPayload.newBuilder();
        Map<String, Integer> rooms = new HashMap<>();
        // Sender is a value type (generated equals/hashCode): equal profiles share one table entry.
        Map<Sender, Integer> refs = new HashMap<>();
        long previousId = 0;
        long previousAt = 0;
        for (Message m : messages) {
            CompactMessage.Builder c = CompactMessage.newBuilder()
                    .setMsgIdDelta(m.getMsgId() - previousId)   // wraps like the decoder's sum: exact for any pair
                    .setTypeValue(m.getTypeValue())
                    .setPriority(m.getPriority())
                    .setBody(m.getBody())
                    .setCreatedAtDeltaMs(m.getCreatedAtMs() - previousAt)
                    .setConflateKey(m.getConflateKey())
                    .setTtlMs(m.getTtlMs())
                    .setAggregateCount(m.getAggregateCount())
                    .setUserId(m.getUserId());
            Integer room = rooms.get(m.getRoomId());
            if (room == null) {
                room = out.getRoomsCount();
                out.addRooms(m.getRoomId());
                rooms.put(m.getRoomId(), room);
            }
            c.setRoomIndex(room);
            if (m.hasSender()) {
                Integer ref = refs.get(m.getSender());
                if (ref == null) {
                    out.addSenders(m.getSender());
                    ref = out.getSendersCount();
                    refs.put(m.getSender(), ref);
                }
                c.setSenderRef(ref);
            }
            previousId = m.getMsgId();
            previousAt = m.getCreatedAtMs();
            out.addMessages(c);
        }
        return out.build();
    }

    /** The messages of a compact payload, equal to those {@link #compact} was given. */
    public static List<Message> messages(CompactBlockPayload payload) throws CompactPayloadException {
        List<Message> out = new ArrayList<>(payload.getMessagesCount());
        int senders = payload.getSendersCount();
        int rooms = payload.getRoomsCount();
        long id = 0;
        long at = 0;
        for (int i = 0; i < payload.getMessagesCount(); i++) {
            CompactMessage c = payload.getMessages(i);
            id += c.getMsgIdDelta();
            at += c.getCreatedAtDeltaMs();
            int room = c.getRoomIndex();   // uint32: negative here means above 2^31, out of range either way
            if (room < 0 || room >= rooms) {
                throw new CompactPayloadException("message " + i + " refers to room " + Integer.toUnsignedString(room)
                        + " of " + rooms);
            }
            Message.Builder m = Message.newBuilder()
                    .setRoomId(payload.getRooms(room))
                    .setMsgId(id)
                    .setTypeValue(c.getTypeValue())
                    .setPriority(c.getPriority())
                    .setBody(c.getBody())
                    .setCreatedAtMs(at)
                    .setConflateKey(c.getConflateKey())
                    .setTtlMs(c.getTtlMs())
                    .setAggregateCount(c.getAggregateCount())
                    .setUserId(c.getUserId());
            int ref = c.getSenderRef();   // uint32: above 2^31 it reads negative, out of range either way
            if (ref != 0) {
                if (ref < 0 || ref > senders) {
                    throw new CompactPayloadException("message " + i + " refers to sender "
                            + Integer.toUnsignedString(ref) + " of " + senders);
                }
                m.setSender(payload.getSenders(ref - 1));
            }
            out.add(m.build());
        }
        return out;
    }

    /** A compact payload that does not describe messages (a room or sender reference out of range). */
    public static final class CompactPayloadException extends Exception {
        public CompactPayloadException(String message) {
            super(message);
        }
    }
}
