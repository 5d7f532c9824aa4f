package dev.roomcast.client.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdDictCompress;
import com.google.protobuf.ByteString;
import dev.roomcast.client.DictionaryProvider;
import dev.roomcast.proto.v1.Block;
import dev.roomcast.proto.v1.BlockPayload;
import dev.roomcast.proto.v1.Codec;
import dev.roomcast.proto.v1.Message;
import dev.roomcast.proto.v1.MessageType;
import dev.roomcast.proto.v1.Sender;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BlockDecoderTest {

    private static BlockPayload payload(int n, int offset) {
        BlockPayload.Builder b = BlockPayload.newBuilder();
        for (int i = 0; i < n; i++) {
            b.addMessages(Message.newBuilder().setRoomId("42").setMsgId(offset + i).setType(MessageType.CHAT)
                    .setPriority(100 + i % 60).setCreatedAtMs(1_700_000_000_000L + i)
                    .setSender(Sender.newBuilder().setUserId("user-" + (i % 7)).setLevel(i % 60).setNickname("观众" + i))
                    .setBody(i % 3 == 0 ? "666666 主播好厉害 🎉🎉" : "哈哈哈哈 来了来了 " + i));
        }
        return b.build();
    }

    /** A raw-content dictionary made of typical messages: what the server side would train. */
    private static byte[] dictionary() {
        List<byte[]> samples = new ArrayList<>();
        for (int k = 0; k < 200; k++) {
            samples.add(payload(5, k * 5).toByteArray());
        }
        byte[] dict = new byte[4096];
        long size = Zstd.trainFromBuffer(samples.toArray(new byte[0][]), dict);
        return java.util.Arrays.copyOf(dict, (int) size);
    }

    @Test
    void decodesAnUncompressedBlock() throws Exception {
        BlockPayload p = payload(3, 1);
        Block block = Block.newBuilder().setMcastId("room:42").setCodec(Codec.CODEC_NONE)
                .setPayload(p.toByteString()).setMessageCount(3).build();
        assertThat(new BlockDecoder(DictionaryProvider.none()).decode(block)).isEqualTo(p.getMessagesList());
    }

    @Test
    void decodesAZstdBlockWithoutDictionary() throws Exception {
        BlockPayload p = payload(20, 100);
        byte[] raw = p.toByteArray();
        Block block = Block.newBuilder().setCodec(Codec.CODEC_ZSTD).setPayload(ByteString.copyFrom(Zstd.compress(raw, 3)))
                .setUncompressedSize(raw.length).build();
        assertThat(new BlockDecoder(DictionaryProvider.none()).decode(block)).hasSize(20).isEqualTo(p.getMessagesList());
    }

    @Test
    void decodesAZstdBlockWithTheDictionaryItNamesAndPreparesItOnce() throws Exception {
        byte[] dict = dictionary();
        BlockPayload p = payload(20, 5000);
        byte[] raw = p.toByteArray();
        byte[] withDict = Zstd.compress(raw, new ZstdDictCompress(dict, 3));
        assertThat(withDict.length).as("the dictionary pays").isLessThan(Zstd.compress(raw, 3).length);
        AtomicInteger lookups = new AtomicInteger();
        Map<Integer, byte[]> known = Map.of(77, dict);
        BlockDecoder decoder = new BlockDecoder(id -> {
            lookups.incrementAndGet();
            return Optional.ofNullable(known.get(id));
        });
        Block block = Block.newBuilder().setCodec(Codec.CODEC_ZSTD).setDictionaryId(77)
                .setPayload(ByteString.copyFrom(withDict)).setUncompressedSize(raw.length).build();
        assertThat(decoder.decode(block)).isEqualTo(p.getMessagesList());
        assertThat(decoder.decode(block)).isEqualTo(p.getMessagesList());
        assertThat(lookups).hasValue(1);
    }

    @Test
    void providerKeysDictionariesByTheIdInTheirHeader() throws Exception {
        byte[] dict = dictionary();
        int id = (int) Zstd.getDictIdFromDict(dict);
        BlockPayload p = payload(10, 1);
        byte[] raw = p.toByteArray();
        Block block = Block.newBuilder().setCodec(Codec.CODEC_ZSTD).setDictionaryId(id)
                .setPayload(ByteString.copyFrom(Zstd.compress(raw, new ZstdDictCompress(dict, 3))))
                .setUncompressedSize(raw.length).build();
        assertThat(new BlockDecoder(DictionaryProvider.of(dict)).decode(block)).isEqualTo(p.getMessagesList());
        assertThat(DictionaryProvider.fromClasspath("/no/such.zdict").dictionary(id)).isEmpty();
    }

    @Test
    void usesTheFrameHeaderWhenTheBlockOmitsTheSize() throws Exception {
        byte[] raw = payload(4, 1).toByteArray();
        Block block = Block.newBuilder().setCodec(Codec.CODEC_ZSTD).setPayload(ByteString.copyFrom(Zstd.compress(raw))).build();
        assertThat(new BlockDecoder(DictionaryProvider.none()).decode(block)).hasSize(4);
    }

    @Test
    void unknownDictionaryIsADecodeErrorNotACrash() {
        byte[] raw = payload(4, 1).toByteArray();
        Block block = Block.newBuilder().setCodec(Codec.CODEC_ZSTD).setDictionaryId(9)
                .setPayload(ByteString.copyFrom(Zstd.compress(raw, new ZstdDictCompress(dictionary(), 3))))
                .setUncompressedSize(raw.length).build();
        assertThatThrownBy(() -> new BlockDecoder(DictionaryProvider.none()).decode(block))
                .isInstanceOf(BlockDecodeException.class).hasMessageContaining("dictionary 9");
    }

    @Test
    void corruptPayloadIsADecodeError() {
        Block block = Block.newBuilder().setCodec(Codec.CODEC_ZSTD).setPayload(ByteString.copyFromUtf8("not zstd at all"))
                .setUncompressedSize(100).build();
        assertThatThrownBy(() -> new BlockDecoder(DictionaryProvider.none()).decode(block)).isInstanceOf(BlockDecodeException.class);
    }

    @Test
    void hostileUncompressedSizeIsRefused() {
        Block block = Block.newBuilder().setCodec(Codec.CODEC_ZSTD).setPayload(ByteString.copyFrom(Zstd.compress(new byte[10])))
                .setUncompressedSize(Integer.MAX_VALUE).build();
        assertThatThrownBy(() -> new BlockDecoder(DictionaryProvider.none()).decode(block))
                .isInstanceOf(BlockDecodeException.class).hasMessageContaining("uncompressed size");
    }
}
