package dev.roomcast.scheduler;

import dev.roomcast.proto.v1.Block;
import dev.roomcast.proto.v1.Codec;
import dev.roomcast.proto.v1.Frame;
import dev.roomcast.proto.v1.Message;
import dev.roomcast.proto.v1.MessageType;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BlockCodecTest {
    private static final byte[] DICT = BlockCodec.bundledDictionary();

    @Test
    void smallBlockStaysUncompressed() throws Exception {
        BlockCodec codec = new BlockCodec(512, 3, null);
        List<Message> messages = List.of(Message.newBuilder().setRoomId("r").setType(MessageType.CHAT).setBody("hi").build());
        EncodedBlock encoded = codec.encode("r", "room:r", 7, messages, 123, false);

        Block block = BlockDecoder.blockOf(encoded.frameBytes());
        assertThat(block.getCodec()).isEqualTo(Codec.CODEC_NONE);
        assertThat(block.getMcastId()).isEqualTo("room:r");
        assertThat(block.getBlockSeq()).isEqualTo(7);
        assertThat(block.getCreatedAtMs()).isEqualTo(123);
        assertThat(block.getMessageCount()).isEqualTo(1);
        assertThat(new BlockDecoder().decode(block)).isEqualTo(messages);
    }

    @Test
    void largeBlockIsZstdCompressedAndRoundTrips() throws Exception {
        List<Message> messages = new SampleTraffic(90_001).block(20);
        EncodedBlock encoded = new BlockCodec(512, 3, null).encode("r", "room:r", 1, messages, 1, false);

        Block block = BlockDecoder.blockOf(encoded.frameBytes());
        assertThat(block.getCodec()).isEqualTo(Codec.CODEC_ZSTD);
        assertThat(block.getDictionaryId()).isZero();
        assertThat(encoded.payloadBytes()).isLessThan(encoded.uncompressedBytes());
        assertThat(block.getUncompressedSize()).isEqualTo(encoded.uncompressedBytes());
        assertThat(new BlockDecoder().decodeFrame(encoded.frameBytes())).isEqualTo(messages);
    }

    @Test
    void dictionaryBlockNamesItsDictionaryAndNeedsItToDecode() throws Exception {
        List<Message> messages = new SampleTraffic(90_002).block(20);
        BlockCodec codec = new BlockCodec(512, 3, DICT);
        EncodedBlock encoded = codec.encode("r", "room:r", 1, messages, 1, false);

        Block block = BlockDecoder.blockOf(encoded.frameBytes());
        assertThat(block.getDictionaryId()).isEqualTo(codec.dictionaryId()).isNotZero();
        assertThat(new BlockDecoder().addDictionary(DICT).decode(block)).isEqualTo(messages);
        assertThatThrownBy(() -> new BlockDecoder().decode(block))
                .isInstanceOf(BlockDecoder.BlockFormatException.class).hasMessageContaining("unknown dictionary");
    }

    @Test
    void trainedDictionaryBeatsPlainZstdOnUnseenTraffic() {
        BlockCodec plain = new BlockCodec(0, 3, null);
        BlockCodec withDict = new BlockCodec(0, 3, DICT);
        long json = 0;
        long plainBytes = 0;
        long dictBytes = 0;
        for (int seed = 50_000; seed < 50_200; seed++) {   // not among the training seeds (1..4000)
            List<Message> messages = new SampleTraffic(seed).block(20);
            json += SampleTraffic.toJson(messages).getBytes(StandardCharsets.UTF_8).length;
            plainBytes += plain.encode("r", "room:r", 1, messages, 1, false).frameBytes().length;
            dictBytes += withDict.encode("r", "room:r", 1, messages, 1, false).frameBytes().length;
        }
        assertThat(dictBytes).isLessThan(plainBytes);
        assertThat((double) json / dictBytes).as("JSON bytes per wire byte with the dictionary").isGreaterThan(4.0);
    }

    @Test
    void rejectsGarbageAndNonBlockFrames() {
        assertThatThrownBy(() -> BlockDecoder.blockOf(new byte[] {(byte) 0xff, 0x01, 0x02}))
                .isInstanceOf(BlockDecoder.BlockFormatException.class);
        byte[] heartbeat = Frame.newBuilder().setHeartbeat(dev.roomcast.proto.v1.Heartbeat.newBuilder()).build().toByteArray();
        assertThatThrownBy(() -> BlockDecoder.blockOf(heartbeat)).hasMessageContaining("no block");
        Block lying = Block.newBuilder().setCodec(Codec.CODEC_ZSTD).setUncompressedSize(Integer.MAX_VALUE).build();
        assertThatThrownBy(() -> new BlockDecoder().decode(lying)).hasMessageContaining("uncompressed_size");
    }

    @Test
    void reusedContextKeepsTheDictionaryForEveryBlock() throws Exception {
        BlockCodec codec = new BlockCodec(512, 3, DICT);
        BlockDecoder withDict = new BlockDecoder().addDictionary(DICT);
        for (int seed = 91_000; seed < 91_010; seed++) {
            List<Message> messages = new SampleTraffic(seed).block(20);
            Block block = BlockDecoder.blockOf(codec.encode("r", "room:r", seed, messages, 1, false).frameBytes());
            assertThat(block.getDictionaryId()).isEqualTo(codec.dictionaryId());
            assertThat(com.github.luben.zstd.Zstd.getDictIdFromFrame(block.getPayload().toByteArray()))
                    .isEqualTo(Integer.toUnsignedLong(codec.dictionaryId()));
            assertThat(withDict.decode(block)).isEqualTo(messages);
        }
    }

    @Test
    void twoMessageBlockIsCompressedWithTheDictionaryBelowThePlainThreshold() throws Exception {
        List<Message> messages = new SampleTraffic(92_001).block(2);
        BlockCodec codec = BlockCodec.from(SchedulerSettings.defaults().withDictionaryEnabled(true));
        EncodedBlock encoded = codec.encode("r", "room:r", 1, messages, 1, false);

        assertThat(encoded.uncompressedBytes()).as("a 2-message payload is below the plain 512 B threshold")
                .isLessThan(512).isGreaterThanOrEqualTo(SchedulerSettings.DEFAULT_DICTIONARY_COMPRESS_THRESHOLD_BYTES);
        Block block = BlockDecoder.blockOf(encoded.frameBytes());
        assertThat(block.getCodec()).isEqualTo(Codec.CODEC_ZSTD);
        assertThat(block.getDictionaryId()).isEqualTo(codec.dictionaryId()).isNotZero();
        assertThat(encoded.payloadBytes()).isLessThan(encoded.uncompressedBytes());
        assertThat(new BlockDecoder().addDictionary(DICT).decode(block)).isEqualTo(messages);
    }

    @Test
    void withoutTheDictionaryTheSameTwoMessageBlockStaysRaw() throws Exception {
        List<Message> messages = new SampleTraffic(92_001).block(2);
        BlockCodec codec = BlockCodec.from(SchedulerSettings.defaults());   // dictionary off: 512 B applies

        Block block = BlockDecoder.blockOf(codec.encode("r", "room:r", 1, messages, 1, false).frameBytes());
        assertThat(codec.compressThresholdBytes()).isEqualTo(512);
        assertThat(block.getCodec()).isEqualTo(Codec.CODEC_NONE);
        assertThat(block.getDictionaryId()).isZero();
    }
}
