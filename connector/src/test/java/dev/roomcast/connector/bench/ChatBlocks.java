package dev.roomcast.connector.bench;

import dev.roomcast.proto.v1.Message;
import dev.roomcast.proto.v1.MessageType;
import dev.roomcast.proto.v1.Sender;
import dev.roomcast.scheduler.BlockCodec;
import java.util.ArrayList;
import java.util.List;

/**
 * The frames every peer carries in the side-by-side benchmark: 20 chat messages encoded exactly as
 * room-service's scheduler does by default (BlockPayload, zstd level 3 with the bundled dictionary,
 * Block, Frame). Built once, before any target runs, so every target sends the same bytes for a seq.
 */
final class ChatBlocks {

    static final int MESSAGES_PER_BLOCK = 20;
    /** room-service's defaults (roomcast.scheduler.*): threshold 512 B, 64 B with the dictionary, level 3. */
    private static final BlockCodec CODEC = new BlockCodec(512, 64, 3, BlockCodec.bundledDictionary());

    private static final String[] LINES = {
        "主播这波操作太秀了吧 666666",
        "first time here, greetings from Lisbon!",
        "哈哈哈哈哈哈笑死我了",
        "这个BGM叫什么名字啊，求歌名",
        "gg wp, that clutch was insane",
        "主播晚上好～今天播到几点？",
        "🎉🎉🎉 生日快乐！",
        "can you show the settings again pls",
        "前方高能预警！！！",
        "刚来的，错过了什么？",
    };

    private ChatBlocks() {
    }

    /** frames[seq] for seq 1..blocks (index 0 unused): Frame{Block} bytes as PushBlock carries them. */
    static byte[][] frames(String roomId, String mcastId, int blocks, long createdAtMs) {
        byte[][] frames = new byte[blocks + 1][];
        for (int seq = 1; seq <= blocks; seq++) {
            List<Message> messages = new ArrayList<>(MESSAGES_PER_BLOCK);
            for (int i = 0; i < MESSAGES_PER_BLOCK; i++) {
                long msgId = (long) seq * MESSAGES_PER_BLOCK + i;
                int viewer = (int) (msgId * 7919 % 5000);
                messages.add(Message.newBuilder().setRoomId(roomId).setMsgId(msgId).setType(MessageType.CHAT)
                        .setPriority(100 + viewer % 40).setCreatedAtMs(createdAtMs + i * 37L)
                        .setSender(Sender.newBuilder().setUserId("u" + (100_000 + viewer)).setLevel(viewer % 60)
                                .setNickname("观众" + viewer))
                        .setBody(LINES[(int) (msgId % LINES.length)]).build());
            }
            frames[seq] = CODEC.encode(roomId, mcastId, seq, messages, createdAtMs, false).frameBytes();
        }
        return frames;
    }
}
