package dev.roomcast.loadgen.wire;

import dev.roomcast.loadgen.traffic.ChatMix;
import dev.roomcast.loadgen.traffic.ChatMixKind;
import dev.roomcast.loadgen.traffic.ChatSource;
import dev.roomcast.proto.v1.Message;
import dev.roomcast.proto.v1.MessageType;
import dev.roomcast.proto.v1.Sender;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Blocks of the chat a mix publishes, as room-service builds them from the REST publishes (msgId from the
 * room's counter, publish time, priority 100 + level or 60 anonymous). Deterministic per seed.
 */
final class ChatBlocks {

    private final ChatSource chat;
    private final SplittableRandom random;
    private final String roomId;
    private long msgId = 1_000_000;
    private long now = 1_760_000_000_000L;

    ChatBlocks(ChatMixKind mix, long seed) {
        this.chat = mix.create(new SplittableRandom(seed));
        this.random = new SplittableRandom(seed ^ 0x5DEECE66DL);
        this.roomId = "room-" + (1000 + random.nextInt(9000));
    }

    List<Message> block(int size) {
        List<Message> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            now += random.nextInt(80);
            ChatMix.ChatLine line = chat.next();
            Sender.Builder sender = Sender.newBuilder().setUserId(line.userId()).setLevel(line.level())
                    .setAnonymous(line.anonymous()).setNickname(line.nickname());
            out.add(Message.newBuilder().setRoomId(roomId).setMsgId(++msgId).setType(MessageType.CHAT)
                    .setPriority(line.anonymous() ? 60 : 100 + line.level()).setSender(sender)
                    .setBody(line.text()).setCreatedAtMs(now).build());
        }
        return out;
    }
}
