package dev.roomcast.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roomcast.proto.v1.Block;
import dev.roomcast.proto.v1.Codec;
import dev.roomcast.proto.v1.Message;
import dev.roomcast.proto.v1.MessageType;
import dev.roomcast.proto.v1.PayloadFormat;
import dev.roomcast.proto.v1.Sender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Fixtures that prove the web SDK (client-js) decodes the compact payload form this codec writes into the same
 * messages as the plain form: for each case the compact frame and the plain frame of one encode. The committed
 * files must decode here to exactly these messages; regenerate with {@code ./mvnw -B -o -pl scheduler -am test
 * -Dtest=CompactJsFixtureTest -Droomcast.js-fixture.write=true -Dsurefire.failIfNoSpecifiedTests=false}
 * (client-js/test/unit/compact.test.ts reads them).
 */
class CompactJsFixtureTest {

    static final Path DIR = Path.of("../client-js/test/fixtures");

    /** A busy room: regulars speaking several times per block, anonymous viewers, transient online counts. */
    static List<Message> room() {
        List<Message> list = new ArrayList<>();
        long at = 1_700_000_000_000L;
        for (int i = 1; i <= 20; i++) {
            at += (i * 37L) % 90 - 30;   // every third message or so is earlier than the previous one
            Message.Builder m = Message.newBuilder().setRoomId("fixture").setCreatedAtMs(at);
            if (i % 7 == 0) {
                list.add(m.setType(MessageType.ONLINE_COUNT).setPriority(160).setConflateKey("online").setBody("4321").build());
                continue;
            }
            Sender sender = i % 5 == 0 ? Sender.newBuilder().setUserId("d-" + i).setAnonymous(true).build()
                    : Sender.newBuilder().setUserId("user-" + i % 4).setLevel(10 + i % 4).setNickname("观众" + i % 4 + "🎉").build();
            list.add(m.setMsgId(5000 + i).setType(i % 6 == 0 ? MessageType.GIFT : MessageType.CHAT).setPriority(100 + i)
                    .setSender(sender).setBody("{\"text\":\"主播好厉害 " + i + "\",\"fansMedal\":{\"name\":\"铁粉\",\"level\":" + i % 4 + "}}")
                    .build());
        }
        return list;
    }

    /** A global/user block: several rooms and none, private targets, extreme and backwards ids and times. */
    static List<Message> mixed() {
        Sender sys = Sender.newBuilder().setUserId("system").setLevel(60).setNickname("系统").build();
        return List.of(
                Message.newBuilder().setRoomId("a").setMsgId(9).setType(MessageType.BROADCAST).setSender(sys)
                        .setBody("all rooms").setCreatedAtMs(1_700_000_000_500L).setTtlMs(60_000).build(),
                Message.newBuilder().setRoomId("").setMsgId(0).setType(MessageType.PRIVATE).setUserId("alice")
                        .setBody("just you").setCreatedAtMs(1_700_000_000_000L).build(),
                Message.newBuilder().setRoomId("b").setMsgId(Long.MAX_VALUE).setType(MessageType.NOTIFY).setSender(sys)
                        .setBody("max").setCreatedAtMs(Long.MAX_VALUE).setAggregateCount(3).build(),
                Message.newBuilder().setRoomId("a").setMsgId(Long.MIN_VALUE).setType(MessageType.LIKE)
                        .setBody("min").setCreatedAtMs(-1).setConflateKey("like").build(),
                Message.newBuilder().setRoomId("b").setMsgId(7).setType(MessageType.CHAT)
                        .setSender(Sender.newBuilder().setUserId("d-x").setAnonymous(true)).setBody("").build());
    }

    @Test
    void committedCompactFixturesDecodeToTheirPlainTwins() throws Exception {
        check("block-compact-zstd", room(), new BlockCodec(0, 0, 3, null, true), Codec.CODEC_ZSTD);
        check("block-compact-mixed", mixed(), new BlockCodec(Integer.MAX_VALUE, Integer.MAX_VALUE, 3, null, true),
                Codec.CODEC_NONE);
    }

    private static void check(String name, List<Message> messages, BlockCodec codec, Codec expected) throws Exception {
        Path compactFile = DIR.resolve(name + ".frame.bin");
        Path plainFile = DIR.resolve(name + ".plain.frame.bin");
        if (Boolean.getBoolean("roomcast.js-fixture.write") || !Files.exists(compactFile) || !Files.exists(plainFile)) {
            EncodedBlock encoded = codec.encode("fixture", "room:fixture", 3, messages, 1_700_000_000_000L, false);
            assertThat(encoded.hasCompactForm()).as("%s: the compact frame is the smaller one", name).isTrue();
            Files.createDirectories(DIR);
            Files.write(compactFile, encoded.compactFrameBytes());
            Files.write(plainFile, encoded.frameBytes());
        }
        Block compact = BlockDecoder.blockOf(Files.readAllBytes(compactFile));
        Block plain = BlockDecoder.blockOf(Files.readAllBytes(plainFile));
        assertThat(compact.getPayloadFormat()).isEqualTo(PayloadFormat.PAYLOAD_COMPACT);
        assertThat(compact.getCodec()).isEqualTo(expected);
        assertThat(plain.getPayloadFormat()).isEqualTo(PayloadFormat.PAYLOAD_PLAIN);
        assertThat(new BlockDecoder().decode(compact)).isEqualTo(messages);
        assertThat(new BlockDecoder().decode(plain)).isEqualTo(messages);
    }
}
