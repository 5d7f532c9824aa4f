package dev.roomcast.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roomcast.proto.v1.Block;
import dev.roomcast.proto.v1.Codec;
import dev.roomcast.proto.v1.Message;
import dev.roomcast.proto.v1.MessageType;
import dev.roomcast.proto.v1.Sender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The fixture that proves the web SDK (client-js) decodes what this codec writes: a Block frame compressed
 * with the bundled dictionary. The committed file must decode here to exactly these messages; regenerate it
 * with {@code ./mvnw -B -o -pl scheduler -am test -Dtest=JsFixtureTest -Droomcast.js-fixture.write=true
 * -Dsurefire.failIfNoSpecifiedTests=false} (client-js/test/unit/zstd.test.ts reads it).
 */
class JsFixtureTest {

    static final Path FIXTURE = Path.of("../client-js/test/fixtures/block-zstd-dict.frame.bin");

    /** Mixed scripts and emoji on purpose: UTF-8 must survive both codecs. */
    static List<Message> messages() {
        List<Message> list = new ArrayList<>();
        for (int i = 1; i <= 40; i++) {
            list.add(Message.newBuilder().setRoomId("fixture").setMsgId(1000 + i).setType(MessageType.CHAT)
                    .setPriority(100 + i % 50).setCreatedAtMs(1_700_000_000_000L + i)
                    .setSender(Sender.newBuilder().setUserId("user-" + (i % 7)).setLevel(i % 60).setNickname("观众" + i))
                    .setBody(i % 3 == 0 ? "666666 主播好厉害 🎉🎉" : "hello room " + i).build());
        }
        return list;
    }

    @Test
    void committedFixtureIsADictionaryBlockThatDecodesToTheKnownMessages() throws Exception {
        if (Boolean.getBoolean("roomcast.js-fixture.write") || !Files.exists(FIXTURE)) {
            BlockCodec codec = new BlockCodec(0, 3, BlockCodec.bundledDictionary());
            EncodedBlock encoded = codec.encode("fixture", "room:fixture", 7, messages(), 1_700_000_000_000L, false);
            Files.createDirectories(FIXTURE.getParent());
            Files.write(FIXTURE, encoded.frameBytes());
        }
        byte[] frame = Files.readAllBytes(FIXTURE);
        Block block = BlockDecoder.blockOf(frame);
        assertThat(block.getCodec()).isEqualTo(Codec.CODEC_ZSTD);
        assertThat(block.getDictionaryId()).isEqualTo(BlockCodec.dictionaryId(BlockCodec.bundledDictionary()));
        assertThat(new BlockDecoder().addDictionary(BlockCodec.bundledDictionary()).decode(block)).isEqualTo(messages());
    }
}
