package dev.roomcast.scheduler;

import dev.roomcast.proto.v1.Message;
import dev.roomcast.proto.v1.MessageType;

import java.util.ArrayList;
import java.util.List;

/** Turns picked entries into messages, encodes them once per block and hands the block to the sink. Tick thread only. */
final class BlockBuilder {
    private static final System.Logger LOG = System.getLogger(BlockBuilder.class.getName());

    private final BlockCodec codec;
    private final BlockSink sink;

    BlockBuilder(BlockCodec codec, BlockSink sink) {
        this.codec = codec;
        this.sink = sink;
    }

    /** {@code cursorCap}: the highest poll cursor the block may carry (see {@link EncodedBlock#pollCursor}). */
    void emitQueued(RoomState room, List<Entry> picked, long nowMillis, long cursorCap) {
        List<Message> messages = new ArrayList<>(picked.size());
        for (Entry e : picked) {
            messages.add(materialize(room.roomId, e));
        }
        emit(room, messages, nowMillis, false, cursorCap);
    }

    void emit(RoomState room, List<Message> messages, long nowMillis, boolean immediate, long cursorCap) {
        EncodedBlock block = codec.encode(room.roomId, room.mcastId, ++room.blockSeq, messages, nowMillis, immediate)
                .withPollCursorAtMost(cursorCap);
        try {
            sink.send(block);
        } catch (RuntimeException e) {
            // The sink owns delivery failures; a throwing sink must not stop other rooms' ticks.
            LOG.log(System.Logger.Level.WARNING, "block sink failed for " + room.mcastId + " seq " + block.blockSeq(), e);
        }
    }

    /** The message as sent: the computed priority filled in; aggregates rendered as one message. */
    static Message materialize(String roomId, Entry e) {
        if (e.aggregate) {
            Message.Builder b = Message.newBuilder().setRoomId(roomId).setType(e.type).setPriority(e.priority)
                    .setCreatedAtMs(e.bornAtMillis).setAggregateCount(e.count)
                    .setConflateKey(e.type == MessageType.ENTER ? RoomState.ENTER_KEY : RoomState.LIKE_KEY)
                    .setBody(e.type == MessageType.ENTER ? AggregateText.entered(e.featured, e.count)
                            : AggregateText.likes(e.count));
            if (e.type == MessageType.ENTER && e.featured != null) {
                b.setSender(e.featured);
            }
            return b.build();
        }
        Message m = e.message;
        if (m.getPriority() != e.priority) {
            m = m.toBuilder().setPriority(e.priority).build();
        }
        return m;
    }
}
