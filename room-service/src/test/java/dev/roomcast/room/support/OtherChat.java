package dev.roomcast.room.support;

import dev.roomcast.proto.v1.BlockPayload;
import dev.roomcast.proto.v1.Message;
import dev.roomcast.proto.v1.MessageType;
import dev.roomcast.proto.v1.Sender;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Chat the bundled dictionary was not trained for (English/Spanish JSON with avatar URLs and badges). */
public final class OtherChat {

    private static final String[] LINES = {"let's gooo", "GG WP", "that was insane", "vamos!!!", "qué jugada",
        "saludos desde México", "clip it!", "who's winning?", "no puede ser", "W streamer"};
    private static final String[] BADGES = {"Subscriber 12 months", "VIP", "Moderator", "Founder", "Cheer 1000"};

    private OtherChat() {
    }

    public static List<Message> block(Random random, String roomId, int size) {
        List<Message> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            int user = random.nextInt(50_000);
            String body = "{\"msg\":\"" + LINES[random.nextInt(LINES.length)] + "\",\"avatar\":\"https://img.playcast.gg/u/"
                    + Integer.toHexString(user * 40_503) + ".webp\",\"badges\":[{\"title\":\""
                    + BADGES[random.nextInt(BADGES.length)] + "\"}]}";
            out.add(Message.newBuilder().setRoomId(roomId).setMsgId(1_000_000 + random.nextInt(1000)).setType(MessageType.CHAT)
                    .setPriority(100 + random.nextInt(40)).setCreatedAtMs(1_760_000_000_000L + random.nextInt(100_000))
                    .setSender(Sender.newBuilder().setUserId("acct-" + user).setNickname("ShadowHunter" + user % 100)
                            .setLevel(random.nextInt(40)))
                    .setBody(body).build());
        }
        return out;
    }

    /** Encoded payloads of 1-, 2-, 5- and 20-message blocks in turn, as live rooms of every size send them. */
    public static List<byte[]> payloads(long seed, int count) {
        Random random = new Random(seed);
        int[] sizes = {1, 2, 5, 20};
        List<byte[]> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(BlockPayload.newBuilder().addAllMessages(block(random, "r1", sizes[i % 4])).build().toByteArray());
        }
        return out;
    }
}
