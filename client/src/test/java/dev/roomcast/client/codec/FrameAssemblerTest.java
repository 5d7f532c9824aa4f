package dev.roomcast.client.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roomcast.proto.v1.Frame;
import dev.roomcast.proto.v1.Heartbeat;
import dev.roomcast.proto.v1.Join;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FrameAssemblerTest {

    private final List<byte[]> out = new ArrayList<>();
    private final FrameAssembler assembler = new FrameAssembler(1024, out::add);

    private static byte[] stream(Frame... frames) {
        ByteArrayOutputStream s = new ByteArrayOutputStream();
        for (Frame f : frames) {
            s.writeBytes(FrameAssembler.encode(f.toByteArray()));
        }
        return s.toByteArray();
    }

    private static Frame join(String room) {
        return Frame.newBuilder().setReqId(7).setJoin(Join.newBuilder().setRoomId(room)).build();
    }

    @Test
    void lengthPrefixIsFourBytesBigEndian() {
        byte[] encoded = FrameAssembler.encode(new byte[300]);
        assertThat(encoded).hasSize(304);
        assertThat(encoded[0]).isZero();
        assertThat(encoded[1]).isZero();
        assertThat(encoded[2]).isEqualTo((byte) 1);
        assertThat(encoded[3]).isEqualTo((byte) 44);
    }

    @Test
    void reassemblesFramesDeliveredOneByteAtATime() throws Exception {
        byte[] bytes = stream(join("a"), join("bb"));
        for (int i = 0; i < bytes.length; i++) {
            assembler.feed(bytes, i, 1);
        }
        assertThat(out).hasSize(2);
        assertThat(Frame.parseFrom(out.get(1)).getJoin().getRoomId()).isEqualTo("bb");
    }

    @Test
    void splitsSeveralFramesArrivingInOneChunk() throws Exception {
        Frame hb = Frame.newBuilder().setHeartbeat(Heartbeat.newBuilder().setClientTimeMs(1)).build();
        byte[] bytes = stream(join("x"), hb, join("y"));
        assembler.feed(bytes, 0, bytes.length);
        assertThat(out).hasSize(3);
        assertThat(Frame.parseFrom(out.get(1)).hasHeartbeat()).isTrue();
    }

    @Test
    void survivesRandomChunkBoundaries() throws Exception {
        Frame[] frames = new Frame[50];
        for (int i = 0; i < frames.length; i++) {
            frames[i] = join("room-" + i);
        }
        byte[] bytes = stream(frames);
        Random random = new Random(9);
        int pos = 0;
        while (pos < bytes.length) {
            int n = Math.min(bytes.length - pos, 1 + random.nextInt(40));
            assembler.feed(bytes, pos, n);
            pos += n;
        }
        assertThat(out).hasSize(50);
        assertThat(Frame.parseFrom(out.get(49)).getJoin().getRoomId()).isEqualTo("room-49");
    }

    @Test
    void emptyFrameIsDeliveredAsEmpty() {
        byte[] bytes = FrameAssembler.encode(new byte[0]);
        assembler.feed(bytes, 0, bytes.length);
        assertThat(out).singleElement().satisfies(b -> assertThat(b).isEmpty());
    }

    @Test
    void refusesALengthAboveTheLimitBeforeBufferingIt() {
        byte[] header = {0x7f, 0, 0, 0};
        assertThatThrownBy(() -> assembler.feed(header, 0, 4))
                .isInstanceOf(FrameAssembler.FrameTooLargeException.class)
                .hasMessageContaining("exceeds");
        byte[] negative = {(byte) 0xff, 0, 0, 0};
        FrameAssembler other = new FrameAssembler(1024, out::add);
        assertThatThrownBy(() -> other.feed(negative, 0, 4)).isInstanceOf(FrameAssembler.FrameTooLargeException.class);
    }
}
