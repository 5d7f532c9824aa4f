package dev.roomcast.scheduler;

import dev.roomcast.proto.v1.Block;
import dev.roomcast.proto.v1.Message;
import dev.roomcast.proto.v1.MessageType;
import dev.roomcast.proto.v1.Sender;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A message accepted at t leaves in the first block its room builds after t (unless priority or the block
 * limit keeps it). Driven through the scheduler's own wake-up requests on a fake timer, so arming, the
 * shared timer and late wake-ups are what is tested, with 1 s ticks.
 */
class SlotArmingTest {
    private static final long T0 = Harness.T0;
    private static final long TICK = 1000;

    private final AtomicLong clock = new AtomicLong(T0);
    private final FakeTimer timer = new FakeTimer(clock);
    /** body -> build time of the block that carried it. */
    private final Map<String, Long> sentAt = new HashMap<>();
    /** room -> build times of its blocks. */
    private final Map<String, List<Long>> blocksOf = new HashMap<>();
    private final BlockDecoder decoder = new BlockDecoder();
    private long onlineIntervalMillis = 3_600_000;
    private BlockScheduler scheduler;

    private BlockScheduler scheduler() {
        if (scheduler == null) {
            SchedulerSettings s = new SchedulerSettings(TICK, 20, 200, 5, 1000, 30_000, onlineIntervalMillis, 512, 3,
                    Map.of(), List.of(), false);
            scheduler = new BlockScheduler(s, PriorityPolicy.defaults(), this::record, room -> 20, null,
                    clock::get, timer);
        }
        return scheduler;
    }

    private void record(EncodedBlock encoded) {
        try {
            Block block = BlockDecoder.blockOf(encoded.frameBytes());
            blocksOf.computeIfAbsent(encoded.roomId(), r -> new ArrayList<>()).add(block.getCreatedAtMs());
            for (Message m : decoder.decode(block)) {
                if (m.getType() == MessageType.CHAT) {
                    assertThat(sentAt.put(m.getBody(), block.getCreatedAtMs())).as("sent once: " + m.getBody()).isNull();
                }
            }
        } catch (BlockDecoder.BlockFormatException e) {
            throw new AssertionError(e);
        }
    }

    private void chat(String room, String body) {
        scheduler().submit(Message.newBuilder().setRoomId(room).setType(MessageType.CHAT).setBody(body)
                .setCreatedAtMs(clock.get()).setSender(Sender.newBuilder().setUserId("u").setLevel(10)).build());
    }

    /** A room created at T0 whose first block (at T0 + 1 s) has gone: its next slots are T0 + k s. */
    private void activeRoom(String room) {
        chat(room, room + "-first");
        timer.advanceTo(T0 + TICK + timer.lateMillis);
        assertThat(sentAt).containsKey(room + "-first");
    }

    @Test
    void messageArmedJustBeforeASlotLeavesInThatSlot() {
        activeRoom("r");
        timer.advanceTo(T0 + 2 * TICK - 1);
        chat("r", "late");
        timer.advanceTo(T0 + 2 * TICK);
        assertThat(sentAt).containsEntry("late", T0 + 2 * TICK);
    }

    @Test
    void messageArmedAtASlotBeforeItsTickRanLeavesInThatSlot() {
        activeRoom("r");
        clock.set(T0 + 2 * TICK);   // the slot is due, the executor has not run it yet
        chat("r", "at");
        timer.advanceTo(T0 + 2 * TICK);
        assertThat(sentAt).containsEntry("at", T0 + 2 * TICK);
    }

    @Test
    void messageArmedJustAfterASlotLeavesInTheNextSlot() {
        activeRoom("r");
        timer.advanceTo(T0 + 2 * TICK + 1);
        chat("r", "after");
        timer.advanceTo(T0 + 3 * TICK);
        assertThat(sentAt).containsEntry("after", T0 + 3 * TICK);
    }

    @Test
    void messageArmedAfterQuietTicksLeavesWithinOneTick() {
        activeRoom("r");
        timer.advanceTo(T0 + 7 * TICK + 400);   // six quiet slots
        chat("r", "quiet");
        timer.advanceTo(T0 + 9 * TICK);
        assertThat(sentAt.get("quiet")).isEqualTo(T0 + 8 * TICK);
    }

    @Test
    void lateWakeUpsStillTakeEveryMessageAcceptedBeforeThem() {
        timer.lateMillis = 7;
        activeRoom("r");   // first slot ran at T0 + 1007
        chat("r", "busy");   // keeps the room armed: its wake-up for the 2 s slot is already set
        timer.advanceTo(T0 + 2 * TICK + 3);   // slot due, the late wake-up not yet run
        chat("r", "in-late-slot");
        timer.advanceTo(T0 + 2 * TICK + 7);
        assertThat(sentAt).containsEntry("in-late-slot", T0 + 2 * TICK + 7);
        timer.advanceTo(T0 + 2 * TICK + 8);
        chat("r", "after-late-slot");
        timer.advanceTo(T0 + 3 * TICK + 3);   // disarmed room: this slot is due too, its wake-up comes late
        chat("r", "idle-room-late-slot");
        timer.advanceTo(T0 + 4 * TICK + 7);
        assertThat(sentAt.get("after-late-slot")).isEqualTo(T0 + 3 * TICK + 7);
        assertThat(sentAt.get("idle-room-late-slot")).isEqualTo(T0 + 3 * TICK + 7);
        // the grid does not drift with the lateness: no slot is skipped or doubled
        assertThat(blocksOf.get("r")).containsExactly(T0 + TICK + 7, T0 + 2 * TICK + 7, T0 + 3 * TICK + 7);
    }

    @Test
    void disarmedRoomWhoseWakeUpComesLateKeepsTheSlotItWasArmedFor() {
        timer.lateMillis = 7;
        activeRoom("r");   // first block at T0 + 1007, nothing queued: no wake-up for the 2 s slot
        timer.advanceTo(T0 + 2 * TICK - 2);
        chat("r", "just-before");   // asks for a wake-up at the 2 s slot, which comes 7 ms late
        timer.advanceTo(T0 + 3 * TICK + 7);
        assertThat(sentAt).containsEntry("just-before", T0 + 2 * TICK + 7);
    }

    @Test
    void messageArmedAfterAQuietSlotPassedLeavesInTheNextSlot() {
        timer.lateMillis = 7;
        activeRoom("r");
        timer.advanceTo(T0 + 2 * TICK + 3);   // the 2 s slot passed with nothing to send
        chat("r", "after-quiet-slot");
        timer.advanceTo(T0 + 3 * TICK + 7);
        assertThat(sentAt).containsEntry("after-quiet-slot", T0 + 3 * TICK + 7);
    }

    @Test
    void manyRoomsSharingTheTimerEachLeaveInTheirFirstSlotAfterAcceptance() {
        onlineIntervalMillis = 5000;   // online counts on: they share the wake-ups too
        Random random = new Random(14);
        int rooms = 300;
        Map<String, Long> acceptedAt = new HashMap<>();
        Map<String, String> roomOf = new HashMap<>();
        Map<String, Integer> blocksBefore = new HashMap<>();
        long end = T0 + 60 * TICK;
        int n = 0;
        for (long t = T0; t < end; t += 1 + random.nextInt(40)) {
            timer.lateMillis = random.nextInt(100) < 5 ? random.nextInt(30) : random.nextInt(3);
            timer.advanceTo(t);
            String room = "room" + random.nextInt(rooms);
            String body = "m" + n++;
            acceptedAt.put(body, clock.get());
            roomOf.put(body, room);
            blocksBefore.put(body, blocksOf.getOrDefault(room, List.of()).size());
            chat(room, body);
        }
        timer.lateMillis = 0;
        timer.advanceTo(end + 3 * TICK);
        assertThat(sentAt).hasSize(acceptedAt.size());
        for (Map.Entry<String, Long> e : acceptedAt.entrySet()) {
            long accepted = e.getValue();
            long sent = sentAt.get(e.getKey());
            long firstAfter = blocksOf.get(roomOf.get(e.getKey())).get(blocksBefore.get(e.getKey()));
            assertThat(sent).as(e.getKey() + " accepted at +" + (accepted - T0)).isEqualTo(firstAfter);
            assertThat(sent - accepted).as(e.getKey()).isLessThanOrEqualTo(TICK + 30);
        }
    }
}
