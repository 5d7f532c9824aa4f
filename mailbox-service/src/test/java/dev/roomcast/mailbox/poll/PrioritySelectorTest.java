package dev.roomcast.mailbox.poll;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roomcast.proto.v1.Message;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrioritySelectorTest {

    static Message m(long id, int priority) {
        return Message.newBuilder().setMsgId(id).setPriority(priority).build();
    }

    static List<Long> ids(List<Message> messages) {
        return messages.stream().map(Message::getMsgId).toList();
    }

    @Test
    void keepsEverythingInMsgIdOrderWhenItFits() {
        assertThat(ids(PrioritySelector.select(List.of(m(3, 1), m(1, 9), m(2, 5)), 5))).containsExactly(1L, 2L, 3L);
    }

    @Test
    void choosesHighestPriorityThenNewestAndReturnsThemInMsgIdOrder() {
        List<Message> candidates = List.of(m(1, 100), m(2, 250), m(3, 100), m(4, 60), m(5, 100), m(6, 180));
        assertThat(ids(PrioritySelector.select(candidates, 4))).containsExactly(2L, 3L, 5L, 6L);
    }

    @Test
    void sameCandidatesInAnyOrderGiveTheSameChoice() {
        List<Message> candidates = new ArrayList<>();
        for (long id = 1; id <= 50; id++) {
            candidates.add(m(id, (int) (id * 7 % 5) * 10));
        }
        List<Long> first = ids(PrioritySelector.select(candidates, 10));
        for (int i = 0; i < 5; i++) {
            Collections.shuffle(candidates);
            assertThat(ids(PrioritySelector.select(candidates, 10))).isEqualTo(first);
        }
    }

    @Test
    void linearChoiceAgreesWithSortingByPriorityThenNewest() {
        java.util.Random random = new java.util.Random(42);
        for (int round = 0; round < 200; round++) {
            List<Message> newestFirst = new ArrayList<>();
            int n = 1 + random.nextInt(300);
            for (long id = n; id >= 1; id--) {
                newestFirst.add(m(id * 1024, random.nextInt(4) * 60 + (random.nextBoolean() ? 0 : 5)));
            }
            int limit = 1 + random.nextInt(60);
            List<Message> expected = new ArrayList<>(newestFirst);
            expected.sort(java.util.Comparator.comparingInt(Message::getPriority).reversed()
                    .thenComparing(java.util.Comparator.comparingLong(Message::getMsgId).reversed()));
            List<Long> want = expected.subList(0, Math.min(limit, n)).stream().map(Message::getMsgId).sorted().toList();
            assertThat(ids(PrioritySelector.select(newestFirst, limit))).as("round %d", round).isEqualTo(want);
        }
    }
}
