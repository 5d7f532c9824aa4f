package dev.roomcast.scheduler;

import dev.roomcast.proto.v1.Block;
import dev.roomcast.proto.v1.Codec;
import dev.roomcast.proto.v1.Message;
import dev.roomcast.proto.v1.MessageType;
import dev.roomcast.proto.v1.Sender;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DictionaryTrainerTest {
    private static final byte[] BUNDLED = BlockCodec.bundledDictionary();

    /** Chat of another shape than the bundled dictionary's: English/Spanish lines in JSON with avatar URLs and badges. */
    static List<Message> otherChat(Random random, int size) {
        String[] lines = {"let's gooo", "GG WP", "that was insane", "vamos!!!", "qué jugada", "saludos desde México",
            "clip it!", "who's winning?", "no puede ser", "W streamer"};
        String[] badges = {"Subscriber 12 months", "VIP", "Moderator", "Founder", "Cheer 1000"};
        List<Message> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            int user = random.nextInt(50_000);
            String body = "{\"msg\":\"" + lines[random.nextInt(lines.length)] + "\",\"avatar\":\"https://img.playcast.gg/u/"
                    + Integer.toHexString(user * 40_503) + ".webp\",\"badges\":[{\"title\":\"" + badges[random.nextInt(badges.length)]
                    + "\"}]}";
            out.add(Message.newBuilder().setRoomId("r1").setMsgId(1_000_000 + random.nextInt(1000)).setType(MessageType.CHAT)
                    .setPriority(100 + random.nextInt(40)).setCreatedAtMs(1_760_000_000_000L + random.nextInt(100_000))
                    .setSender(Sender.newBuilder().setUserId("acct-" + user).setNickname("ShadowHunter" + user % 100)
                            .setLevel(random.nextInt(40)))
                    .setBody(body).build());
        }
        return out;
    }

    static List<byte[]> otherPayloads(long seed, int count) {
        Random random = new Random(seed);
        List<byte[]> out = new ArrayList<>(count);
        int[] sizes = {1, 2, 5, 20};
        for (int i = 0; i < count; i++) {
            out.add(dev.roomcast.proto.v1.BlockPayload.newBuilder().addAllMessages(otherChat(random, sizes[i % 4])).build()
                    .toByteArray());
        }
        return out;
    }

    @Test
    void trainedDictionaryUnderItsNewIdRoundTripsThroughCodecAndDecoder() throws Exception {
        DictionaryTrainer.Candidate c = DictionaryTrainer.propose(otherPayloads(1, 800), 10, 16 * 1024, 3, BUNDLED, 40_000);

        assertThat(BlockCodec.dictionaryId(c.dictionary())).isEqualTo(40_000);
        assertThat(c.roundTrips()).isTrue();
        assertThat(c.beats(5)).as("learned %.2f vs bundled %.2f", c.candidateRatio(), c.currentRatio()).isTrue();
        BlockCodec codec = new BlockCodec(512, 64, 3, c.dictionary());
        List<Message> messages = otherChat(new Random(99), 20);
        Block block = BlockDecoder.blockOf(codec.encode("r1", "room:r1", 1, messages, 1, false).frameBytes());
        assertThat(block.getDictionaryId()).isEqualTo(40_000);
        assertThat(new BlockDecoder().addDictionary(c.dictionary()).decode(block)).isEqualTo(messages);
    }

    @Test
    void aCorruptDictionaryDoesNotRoundTripAndNeverBeatsTheOneInUse() {
        DictionaryTrainer.Candidate good = DictionaryTrainer.propose(otherPayloads(2, 800), 10, 16 * 1024, 3, BUNDLED, 40_001);
        byte[] corrupt = java.util.Arrays.copyOf(good.dictionary(), 40);   // header kept, entropy tables cut
        List<byte[]> heldOut = otherPayloads(3, 50);
        boolean roundTrips = DictionaryTrainer.roundTrips(corrupt, heldOut, 3);
        DictionaryTrainer.Candidate bad = new DictionaryTrainer.Candidate(corrupt, 1000, 10, 500, roundTrips);

        assertThat(roundTrips).isFalse();
        assertThat(bad.beats(5)).isFalse();
    }

    @Test
    void aCandidateWithinTheMarginIsNotAWin() {
        assertThat(new DictionaryTrainer.Candidate(new byte[0], 10_000, 960, 1000, true).beats(5)).isFalse();
        assertThat(new DictionaryTrainer.Candidate(new byte[0], 10_000, 950, 1000, true).beats(5)).isTrue();
    }

    @Test
    void tooFewSamplesIsATypedRefusal() {
        assertThatThrownBy(() -> DictionaryTrainer.train(otherPayloads(4, 3), 16 * 1024))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("could not train");
    }

    @Test
    void reservedAndForeignIdsAreRefused() {
        assertThatThrownBy(() -> DictionaryTrainer.withId(BUNDLED, 5)).hasMessageContaining("reserved");
        assertThatThrownBy(() -> DictionaryTrainer.withId(new byte[16], 40_000)).hasMessageContaining("magic");
    }

    @Test
    void reservoirStaysWithinItsCountAndByteBounds() {
        PayloadReservoir reservoir = new PayloadReservoir(100, 20_000, 1);
        for (byte[] p : otherPayloads(5, 2000)) {
            reservoir.offer(p);
        }
        assertThat(reservoir.size()).isLessThanOrEqualTo(100);
        assertThat(reservoir.bytes()).isLessThanOrEqualTo(20_000);
        assertThat(reservoir.seen()).isEqualTo(2000);
        assertThat(reservoir.drain()).hasSizeLessThanOrEqualTo(100);
        assertThat(reservoir.size()).isZero();
        assertThat(reservoir.seen()).isZero();
    }

    @Test
    void eachBlockTakesTheSmallestOfPlainZstdAndDictionary() throws Exception {
        BlockCodec codec = new BlockCodec(512, 64, 3, BUNDLED);
        BlockDecoder decoder = new BlockDecoder().addDictionary(BUNDLED);
        BlockCodec never = new BlockCodec(Integer.MAX_VALUE, 3, null);
        BlockCodec plainOnly = new BlockCodec(0, 3, null);
        BlockCodec dictOnly = new BlockCodec(Integer.MAX_VALUE, 0, 3, BUNDLED);
        List<Codec> seen = new ArrayList<>();
        List<Integer> dictIds = new ArrayList<>();
        Random random = new Random(7);
        for (int size : new int[] {1, 2, 5, 20}) {
            for (List<Message> messages : List.of(otherChat(random, size), new SampleTraffic(93_000 + size).block(size))) {
                EncodedBlock encoded = codec.encode("r1", "room:r1", 1, messages, 1, false);
                int best = Math.min(never.encode("r1", "room:r1", 1, messages, 1, false).frameBytes().length,
                        Math.min(plainOnly.encode("r1", "room:r1", 1, messages, 1, false).frameBytes().length,
                                dictOnly.encode("r1", "room:r1", 1, messages, 1, false).frameBytes().length));
                Block block = BlockDecoder.blockOf(encoded.frameBytes());
                seen.add(block.getCodec());
                dictIds.add(block.getDictionaryId());
                assertThat(decoder.decode(block)).isEqualTo(messages);
                assertThat(encoded.frameBytes().length).as("%d messages", size).isLessThanOrEqualTo(best + 1);
            }
        }
        assertThat(seen).contains(Codec.CODEC_NONE, Codec.CODEC_ZSTD);
        assertThat(dictIds).contains(0, BlockCodec.dictionaryId(BUNDLED));
    }

    @Test
    void replacingTheDictionaryChangesOnlyLaterBlocks() throws Exception {
        byte[] learned = DictionaryTrainer.propose(otherPayloads(6, 800), 10, 16 * 1024, 3, BUNDLED, 40_002).dictionary();
        BlockCodec codec = new BlockCodec(512, 64, 3, BUNDLED);
        List<Message> messages = new SampleTraffic(94_000).block(20);
        Block before = BlockDecoder.blockOf(codec.encode("r1", "room:r1", 1, messages, 1, false).frameBytes());
        codec.useDictionary(learned);
        List<Message> other = otherChat(new Random(8), 20);
        Block after = BlockDecoder.blockOf(codec.encode("r1", "room:r1", 2, other, 1, false).frameBytes());

        assertThat(before.getDictionaryId()).isEqualTo(BlockCodec.dictionaryId(BUNDLED));
        assertThat(after.getDictionaryId()).isEqualTo(40_002);
        assertThat(codec.dictionaryId()).isEqualTo(40_002);
        BlockDecoder decoder = new BlockDecoder().addDictionary(BUNDLED).addDictionary(learned);
        assertThat(decoder.decode(before)).isEqualTo(messages);
        assertThat(decoder.decode(after)).isEqualTo(other);
        assertThat(codec.ratioByDictionary()).containsKeys(BlockCodec.dictionaryId(BUNDLED), 40_002);
    }
}
