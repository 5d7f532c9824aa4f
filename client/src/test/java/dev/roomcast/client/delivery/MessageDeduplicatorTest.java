package dev.roomcast.client.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MessageDeduplicatorTest {

    @Test
    void suppressesAMessageSeenBefore() {
        MessageDeduplicator dedup = new MessageDeduplicator(16);
        assertThat(dedup.firstSeen(5)).isTrue();
        assertThat(dedup.firstSeen(5)).isFalse();
        assertThat(dedup.highestMsgId()).isEqualTo(5);
    }

    @Test
    void acceptsLowerIdsArrivingLaterBecauseBlocksAreInPriorityOrder() {
        MessageDeduplicator dedup = new MessageDeduplicator(16);
        assertThat(dedup.firstSeen(10)).isTrue();
        assertThat(dedup.firstSeen(7)).isTrue();
        assertThat(dedup.firstSeen(8)).isTrue();
        assertThat(dedup.firstSeen(7)).isFalse();
        assertThat(dedup.highestMsgId()).isEqualTo(10);
    }

    @Test
    void transientMessagesWithoutIdAlwaysPass() {
        MessageDeduplicator dedup = new MessageDeduplicator(4);
        for (int i = 0; i < 10; i++) {
            assertThat(dedup.firstSeen(0)).isTrue();
        }
        assertThat(dedup.size()).isZero();
    }

    @Test
    void idsOlderThanTheWindowCountAsSeen() {
        MessageDeduplicator dedup = new MessageDeduplicator(4);
        for (long id = 1; id <= 8; id++) {
            dedup.firstSeen(id);
        }
        assertThat(dedup.size()).isEqualTo(4);
        assertThat(dedup.firstSeen(3)).as("evicted: too old to render, never a duplicate").isFalse();
        assertThat(dedup.firstSeen(8)).isFalse();
        assertThat(dedup.firstSeen(9)).isTrue();
    }

    @Test
    void shuffledStreamWithRepeatsDeliversEachIdExactlyOnce() {
        MessageDeduplicator dedup = new MessageDeduplicator(4096);
        List<Long> stream = new ArrayList<>();
        for (long id = 1; id <= 3000; id++) {
            stream.add(id);
            if (id % 3 == 0) {
                stream.add(id);             // a poll or recovery overlapping the push
            }
        }
        Collections.shuffle(stream, new Random(11));
        int delivered = 0;
        for (long id : stream) {
            if (dedup.firstSeen(id)) {
                delivered++;
            }
        }
        assertThat(delivered).isEqualTo(3000);
    }

    @Test
    void longRunsKeepWorkingAfterManyEvictions() {
        MessageDeduplicator dedup = new MessageDeduplicator(64);
        for (long id = 1; id <= 100_000; id++) {
            assertThat(dedup.firstSeen(id)).isTrue();
            assertThat(dedup.firstSeen(id)).isFalse();
        }
        assertThat(dedup.size()).isEqualTo(64);
    }
}
