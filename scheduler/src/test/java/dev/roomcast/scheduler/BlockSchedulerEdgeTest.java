package dev.roomcast.scheduler;

import dev.roomcast.proto.v1.Message;
import dev.roomcast.proto.v1.MessageType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class BlockSchedulerEdgeTest {

    @Test
    void touchKeepsAQuietRoomActiveWithOnlineCounts() {
        Harness h = new Harness(new SchedulerSettings(1000, 20, 200, 5, 1000, 30_000, 5000, 512, 3, Map.of(),
                List.of(), false));
        h.onlineCounts.put("r1", 42L);
        h.scheduler.touch("r1");
        for (int s = 0; s < 25; s++) {
            h.advance(1000);
        }
        h.scheduler.touch("r1");
        for (int s = 0; s < 25; s++) {
            h.advance(1000);
        }
        assertThat(h.scheduler.activeRooms()).isEqualTo(1);
        // Every 5 s a count is due; unchanged, it is sent at 5 s and repeated after 30 s (35 s).
        assertThat(h.takeBlocks()).hasSize(2).allSatisfy(b -> assertThat(b.bodies()).containsExactly("42"));
        h.advance(5000);
        assertThat(h.scheduler.activeRooms()).isZero();
    }

    @Test
    void roomRemovedForOwnershipComesBackOnTheNextSubmit() {
        Harness h = new Harness(Harness.settings());
        h.chat("r1", "before", 0);
        h.scheduler.removeRoom("r1");
        assertThat(h.scheduler.activeRooms()).isZero();
        h.chat("r1", "after", 0);
        h.advance(1000);
        assertThat(h.takeBlocks()).singleElement().satisfies(b -> assertThat(b.bodies()).containsExactly("after"));
        assertThat(h.dropCount("r1", MessageType.CHAT, DropReason.REMOVED)).isEqualTo(1);
    }

    @Test
    void immediateBurstBeyondMaxPerBlockIsSplitAndBounded() {
        Harness h = new Harness(Harness.settings().withRoomQueueCapacity(50));
        int dropped = 0;
        for (int i = 0; i < 60; i++) {
            if (h.submit("r1", MessageType.SYSTEM, "s" + i, 0, "") == SubmitResult.DROPPED_OVERFLOW) {
                dropped++;
            }
        }
        h.advance(5);
        assertThat(dropped).isEqualTo(10);
        assertThat(h.takeBlocks()).extracting(b -> b.messages().size()).containsExactly(20, 20, 10);
        assertThat(h.dropCount("r1", MessageType.SYSTEM, DropReason.OVERFLOW)).isEqualTo(10);
    }

    @Test
    void throwingSinkDoesNotStopOtherRooms() {
        AtomicLong clock = new AtomicLong(Harness.T0);
        List<String> delivered = new ArrayList<>();
        BlockScheduler scheduler = new BlockScheduler(Harness.settings(), PriorityPolicy.defaults(), block -> {
            if (block.roomId().equals("bad")) {
                throw new IllegalStateException("connector gone");
            }
            delivered.add(block.roomId());
        }, room -> 0, DropListener.NONE, clock::get, null);
        for (String room : new String[] {"a", "bad", "b"}) {
            scheduler.submit(Message.newBuilder().setRoomId(room).setType(MessageType.NOTIFY).setBody("x").build());
        }
        clock.addAndGet(1000);
        scheduler.runDueTicks();
        assertThat(delivered).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void failingOnlineCountSourceDoesNotStopTicks() {
        AtomicLong clock = new AtomicLong(Harness.T0);
        List<String> delivered = new ArrayList<>();
        BlockScheduler scheduler = new BlockScheduler(new SchedulerSettings(1000, 20, 200, 5, 1000, 30_000, 2000,
                512, 3, Map.of(), List.of(), false), PriorityPolicy.defaults(), block -> delivered.add(block.roomId()),
                room -> {
                    throw new IllegalStateException("redis down");
                }, DropListener.NONE, clock::get, null);
        scheduler.submit(Message.newBuilder().setRoomId("a").setType(MessageType.NOTIFY).setBody("x").build());
        for (int i = 0; i < 3; i++) {
            clock.addAndGet(1000);
            scheduler.runDueTicks();
        }
        assertThat(delivered).containsExactly("a", "a");   // the notice, then an online count of 0 at 2 s
    }
}
