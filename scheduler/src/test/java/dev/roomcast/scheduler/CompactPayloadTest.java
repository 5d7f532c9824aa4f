package dev.roomcast.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.roomcast.proto.codec.CompactPayloads;
import dev.roomcast.proto.v1.Block;
import dev.roomcast.proto.v1.Codec;
import dev.roomcast.proto.v1.CompactBlockPayload;
import dev.roomcast.proto.v1.CompactMessage;
import dev.roomcast.proto.v1.Message;
import dev.roomcast.proto.v1.MessageType;
import dev.roomcast.proto.v1.PayloadFormat;
import dev.roomcast.proto.v1.Sender;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The compact payload form: exact round trips, a smaller payload, and typed errors for bad input. */
class CompactPayloadTest {

    private static final byte[] DICT = BlockCodec.bundledDictionary();

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 5, 20})
    void realisticBlocksRoundTripInWhicheverFormACompactClientGets(int size) throws Exception {
        BlockCodec uncompressed = new BlockCodec(Integer.MAX_VALUE, Integer.MAX_VALUE, 3, null, true);
        BlockCodec bundled = new BlockCodec(512, 64, 3, DICT, true);
        BlockDecoder decoder = new BlockDecoder().addDictionary(DICT);
        for (int seed = 93_000; seed < 93_020; seed++) {
            List<Message> messages = new SampleTraffic(seed * 31L + size).block(size);
            EncodedBlock raw = uncompressed.encode("r", "room:r", seed, messages, 1, false);
            // Uncompressed, the sender table, deltas and the room line always win from two messages on.
            assertThat(raw.hasCompactForm()).as("compact form of %d messages", size).isEqualTo(size > 1);
            for (EncodedBlock encoded : List.of(raw, bundled.encode("r", "room:r", seed, messages, 1, false))) {
                Block plain = BlockDecoder.blockOf(encoded.frameBytes());
                assertThat(plain.getPayloadFormat()).isEqualTo(PayloadFormat.PAYLOAD_PLAIN);
                assertThat(decoder.decode(plain)).isEqualTo(messages);
                if (!encoded.hasCompactForm()) {
                    continue;   // compact clients get the plain frame: it was no larger
                }
                Block compact = BlockDecoder.blockOf(encoded.compactFrameBytes());
                assertThat(compact.getPayloadFormat()).isEqualTo(PayloadFormat.PAYLOAD_COMPACT);
                assertThat(decoder.decode(compact)).isEqualTo(messages);
                assertThat(encoded.compactFrameBytes().length).isLessThan(encoded.frameBytes().length);
                assertThat(compact.getBlockSeq()).isEqualTo(plain.getBlockSeq());
                assertThat(compact.getMessageCount()).isEqualTo(plain.getMessageCount());
            }
        }
    }

    @Test
    void plainOnlyCodecBuildsNoCompactFormAndItsFrameCarriesNoFormatField() throws Exception {
        List<Message> messages = new SampleTraffic(93_100).block(5);
        EncodedBlock encoded = new BlockCodec(512, 64, 3, DICT).encode("r", "room:r", 1, messages, 1, false);

        assertThat(encoded.hasCompactForm()).isFalse();
        Block plain = BlockDecoder.blockOf(encoded.frameBytes());
        // The frame an old client gets is the one it got before this form existed: payload_format 0 is not written.
        assertThat(plain.getPayloadFormat()).isEqualTo(PayloadFormat.PAYLOAD_PLAIN);
        assertThat(encoded.frameBytes()).isEqualTo(dev.roomcast.proto.v1.Frame.newBuilder()
                .setBlock(plain.toBuilder().clearPayloadFormat()).build().toByteArray());
    }

    @Test
    void sendersAreSentOncePerBlockAndAnonymousOrMissingSendersSurvive() throws Exception {
        Sender alice = Sender.newBuilder().setUserId("alice").setLevel(42).setNickname("爱丽丝🌸").build();
        Sender device = Sender.newBuilder().setUserId("dev-7f3a").setAnonymous(true).build();
        List<Message> messages = List.of(
                chat("r", 10, 1_700_000_000_000L, alice, "hi"),
                chat("r", 11, 1_700_000_000_010L, device, "我来了"),
                chat("r", 12, 1_700_000_000_020L, alice, "again"),
                Message.newBuilder().setRoomId("r").setType(MessageType.ONLINE_COUNT).setBody("{\"online\":3}")
                        .setCreatedAtMs(1_700_000_000_030L).build(),   // transient: msg_id 0, no sender
                chat("r", 13, 1_700_000_000_040L, Sender.getDefaultInstance(), "an empty sender is still a sender"));

        CompactBlockPayload compact = CompactPayloads.compact(messages);
        assertThat(compact.getSendersList()).containsExactly(alice, device, Sender.getDefaultInstance());
        assertThat(compact.getMessagesList()).extracting(CompactMessage::getSenderRef).containsExactly(1, 2, 1, 0, 3);
        List<Message> back = CompactPayloads.messages(CompactBlockPayload.parseFrom(compact.toByteArray()));
        assertThat(back).isEqualTo(messages);
        assertThat(back.get(3).hasSender()).isFalse();
        assertThat(back.get(4).hasSender()).isTrue();
    }

    @Test
    void negativeAndExtremeDeltasRoundTrip() throws Exception {
        Sender s = Sender.newBuilder().setUserId("u").build();
        List<Message> messages = List.of(
                chat("r", 500, 1_700_000_005_000L, s, "a"),
                chat("r", 0, 1_700_000_000_000L, s, "transient, earlier"),        // id and time go back
                chat("r", 499, 1_700_000_004_000L, s, "b"),
                chat("r", Long.MAX_VALUE, Long.MAX_VALUE, s, "max"),
                chat("r", Long.MIN_VALUE, Long.MIN_VALUE, s, "min"),              // the delta wraps
                chat("r", -1, -5, s, "negative"));

        CompactBlockPayload compact = CompactPayloads.compact(messages);
        assertThat(compact.getMessages(1).getMsgIdDelta()).isEqualTo(-500);
        assertThat(compact.getMessages(1).getCreatedAtDeltaMs()).isEqualTo(-5000);
        assertThat(CompactPayloads.messages(CompactBlockPayload.parseFrom(compact.toByteArray()))).isEqualTo(messages);
    }

    @Test
    void globalAndUserMcastsMixRoomsAndTheEmptyRoom() throws Exception {
        Sender s = Sender.newBuilder().setUserId("sys").build();
        List<Message> messages = List.of(
                chat("42", 1, 1, s, "first room is the default"),
                chat("", 0, 2, s, "no room at all"),
                chat("43", 7, 3, s, "another room"),
                chat("42", 2, 4, s, "back to the default"),
                Message.newBuilder().setType(MessageType.PRIVATE).setUserId("alice").setBody("just you").build());

        CompactBlockPayload compact = CompactPayloads.compact(messages);
        assertThat(compact.getRoomsList()).containsExactly("42", "", "43");
        assertThat(compact.getMessagesList()).extracting(CompactMessage::getRoomIndex).containsExactly(0, 1, 2, 0, 1);
        assertThat(CompactPayloads.messages(CompactBlockPayload.parseFrom(compact.toByteArray()))).isEqualTo(messages);

        EncodedBlock global = new BlockCodec(Integer.MAX_VALUE, Integer.MAX_VALUE, 3, null, true)
                .encode("", "global", 0, messages, 9, true);
        assertThat(new BlockDecoder().decodeFrame(global.compactFrameBytes())).isEqualTo(messages);
    }

    @Test
    void everyFieldOfEveryMessageTypeSurvives() throws Exception {
        List<Message> messages = new ArrayList<>();
        int n = 0;
        for (MessageType type : MessageType.values()) {
            if (type == MessageType.UNRECOGNIZED) {
                continue;
            }
            n++;
            messages.add(Message.newBuilder().setRoomId("r").setMsgId(100 + n).setType(type).setPriority(n * 10)
                    .setSender(Sender.newBuilder().setUserId("u" + n % 3).setLevel(n % 3).setNickname("n" + n % 3))
                    .setBody("{\"k\":" + n + "}").setCreatedAtMs(1_700_000_000_000L + n).setConflateKey("pk:" + n)
                    .setTtlMs(n * 1000).setAggregateCount(n).setUserId(n % 2 == 0 ? "target" : "").build());
        }
        messages.add(Message.newBuilder().setRoomId("r").setTypeValue(99).setBody("a type this build does not know").build());
        assertThat(CompactPayloads.messages(CompactPayloads.compact(messages))).isEqualTo(messages);
    }

    @Test
    void emptyBlockRoundTrips() throws Exception {
        assertThat(CompactPayloads.messages(CompactPayloads.compact(List.of()))).isEmpty();
    }

    @Test
    void roomOrSenderReferenceOutOfRangeIsATypedError() {
        CompactBlockPayload beyond = CompactBlockPayload.newBuilder().addRooms("r")
                .addSenders(Sender.newBuilder().setUserId("a"))
                .addMessages(CompactMessage.newBuilder().setSenderRef(2).setBody("x")).build();
        CompactBlockPayload huge = CompactBlockPayload.newBuilder().addRooms("r")
                .addMessages(CompactMessage.newBuilder().setSenderRef(-1)).build();   // uint32 4294967295
        CompactBlockPayload noRoom = CompactBlockPayload.newBuilder()
                .addMessages(CompactMessage.newBuilder().setBody("a room index with no room table")).build();
        CompactBlockPayload roomBeyond = CompactBlockPayload.newBuilder().addRooms("r")
                .addMessages(CompactMessage.newBuilder().setRoomIndex(1)).build();

        assertThatThrownBy(() -> new BlockDecoder().decode(block(beyond.toByteString())))
                .isInstanceOf(BlockDecoder.BlockFormatException.class).hasMessageContaining("sender 2 of 1");
        assertThatThrownBy(() -> CompactPayloads.messages(huge))
                .isInstanceOf(CompactPayloads.CompactPayloadException.class).hasMessageContaining("4294967295");
        assertThatThrownBy(() -> CompactPayloads.messages(noRoom)).hasMessageContaining("room 0 of 0");
        assertThatThrownBy(() -> new BlockDecoder().decode(block(roomBeyond.toByteString())))
                .isInstanceOf(BlockDecoder.BlockFormatException.class).hasMessageContaining("room 1 of 1");
    }

    @Test
    void garbageCompactPayloadIsATypedError() {
        Block garbage = block(ByteString.copyFrom(new byte[] {(byte) 0xff, (byte) 0xff, 0x07, 0x01}));
        assertThatThrownBy(() -> new BlockDecoder().decode(garbage))
                .isInstanceOf(BlockDecoder.BlockFormatException.class).hasMessageContaining("undecodable payload");
        Block unknownFormat = block(CompactPayloads.compact(List.of()).toByteString()).toBuilder()
                .setPayloadFormatValue(7).build();
        assertThatThrownBy(() -> new BlockDecoder().decode(unknownFormat))
                .isInstanceOf(BlockDecoder.BlockFormatException.class).hasMessageContaining("unknown payload format 7");
    }

    private static Block block(ByteString payload) {
        return Block.newBuilder().setMcastId("room:r").setCodec(Codec.CODEC_NONE).setPayload(payload)
                .setPayloadFormat(PayloadFormat.PAYLOAD_COMPACT).setUncompressedSize(payload.size()).build();
    }

    private static Message chat(String room, long id, long at, Sender sender, String body) {
        return Message.newBuilder().setRoomId(room).setMsgId(id).setType(MessageType.CHAT).setPriority(100)
                .setSender(sender).setBody(body).setCreatedAtMs(at).build();
    }
}
