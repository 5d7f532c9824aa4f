package dev.roomcast.client.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roomcast.proto.v1.Gift;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class GiftSequencerTest {

    private static Gift gift(long seq) {
        return Gift.newBuilder().setRoomId("r").setSeq(seq).setOrderId("o" + seq).build();
    }

    private static List<Gift> gifts(long... seqs) {
        return LongStream.of(seqs).mapToObj(GiftSequencerTest::gift).toList();
    }

    private static List<Long> seqs(List<Gift> gifts) {
        return gifts.stream().map(Gift::getSeq).toList();
    }

    @Test
    void deliversInOrderGiftsAtOnceAndAcksTheHighest() {
        GiftSequencer s = new GiftSequencer(0, 100);
        assertThat(seqs(s.accept(gifts(1, 2, 3)))).containsExactly(1L, 2L, 3L);
        assertThat(s.contiguous()).isEqualTo(3);
        assertThat(s.hasGap()).isFalse();
    }

    @Test
    void holdsGiftsAboveAHoleAndReportsTheGap() {
        GiftSequencer s = new GiftSequencer(0, 100);
        assertThat(seqs(s.accept(gifts(1, 3, 4)))).containsExactly(1L);
        assertThat(s.hasGap()).isTrue();
        assertThat(s.contiguous()).as("ack and pull after this").isEqualTo(1);
        assertThat(seqs(s.accept(gifts(2)))).containsExactly(2L, 3L, 4L);
        assertThat(s.hasGap()).isFalse();
    }

    @Test
    void ignoresRepushesAndOverlappingPulls() {
        GiftSequencer s = new GiftSequencer(0, 100);
        s.accept(gifts(1, 2));
        assertThat(s.accept(gifts(1, 2))).isEmpty();
        assertThat(seqs(s.accept(gifts(2, 3, 3, 4)))).containsExactly(3L, 4L);
    }

    @Test
    void startsAfterWhatTheAppAlreadyHolds() {
        GiftSequencer s = new GiftSequencer(10, 100);
        assertThat(seqs(s.accept(gifts(9, 10, 11)))).containsExactly(11L);
    }

    @Test
    void serverCursorAheadDropsWhatAnotherSessionDelivered() {
        GiftSequencer s = new GiftSequencer(0, 100);
        s.accept(gifts(7));
        assertThat(seqs(s.serverAcked(6))).as("7 was waiting for 1..6").containsExactly(7L);
        assertThat(s.contiguous()).isEqualTo(7);
        assertThat(s.hasGap()).isFalse();
        s.serverAcked(3);
        assertThat(s.contiguous()).as("never moves back").isEqualTo(7);
    }

    @Test
    void fullBufferKeepsTheLowestSequencesSoThePullFillsTheRest() {
        GiftSequencer s = new GiftSequencer(0, 3);
        s.accept(gifts(5, 6, 7, 8, 2));
        assertThat(s.buffered()).isEqualTo(3);
        List<Gift> ready = s.accept(gifts(1));
        assertThat(seqs(ready)).containsExactly(1L, 2L);
        assertThat(seqs(s.accept(gifts(3, 4, 5, 6, 7, 8)))).containsExactly(3L, 4L, 5L);
        assertThat(s.contiguous()).as("the rest comes by the next pull").isEqualTo(5);
        assertThat(seqs(s.accept(gifts(6, 7, 8)))).containsExactly(6L, 7L, 8L);
    }

    @Test
    void anyInterleavingOfPushesAndPullsDeliversEveryGiftExactlyOnce() {
        Random random = new Random(42);
        List<Gift> wire = new ArrayList<>();
        for (long seq = 1; seq <= 500; seq++) {
            wire.add(gift(seq));
            if (random.nextInt(4) == 0) {
                wire.add(gift(seq));          // re-push after a lost ack
            }
        }
        Collections.shuffle(wire, random);
        GiftSequencer s = new GiftSequencer(0, 1000);
        List<Long> delivered = new ArrayList<>();
        for (int i = 0; i < wire.size(); i += 7) {
            delivered.addAll(seqs(s.accept(wire.subList(i, Math.min(wire.size(), i + 7)))));
        }
        assertThat(delivered).hasSize(500).isSorted().doesNotHaveDuplicates();
        assertThat(s.contiguous()).isEqualTo(500);
    }
}
