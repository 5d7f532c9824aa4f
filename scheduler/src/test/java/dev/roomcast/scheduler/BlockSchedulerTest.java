package dev.roomcast.scheduler;

import dev.roomcast.proto.v1.Message;
import dev.roomcast.proto.v1.MessageType;
import dev.roomcast.proto.v1.Sender;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class BlockSchedulerTest {
    private final Harness h = new Harness(Harness.settings());

    @Test
    void emitsHighestPriorityFirstThenOldest() {
        h.chat("r1", "low-1", 0);          // 100
        h.chat("r1", "high-1", 50);        // 150
        h.submit("r1", MessageType.PK, "pk", 0, "");    // 170
        h.chat("r1", "low-2", 0);
        h.chat("r1", "high-2", 50);
        h.submit("r1", MessageType.CHAT, "anon", 0, ""); // no sender: anonymous 60

        h.advance(999);
        assertThat(h.blocks).as("nothing before the tick").isEmpty();
        h.advance(1);

        List<Harness.Sent> sent = h.takeBlocks();
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).bodies()).containsExactly("pk", "high-1", "high-2", "low-1", "low-2", "anon");
        assertThat(sent.get(0).messages()).extracting(Message::getPriority).containsExactly(170, 150, 150, 100, 100, 60);
        assertThat(sent.get(0).encoded().immediate()).isFalse();
    }

    @Test
    void capsBlockAtMaxPerBlockAndCarriesLeftoversToNextTick() {
        IntStream.range(0, 45).forEach(i -> h.chat("r1", "m" + i, 0));

        h.advance(1000);
        h.advance(1000);
        h.advance(1000);
        h.advance(1000);

        List<Harness.Sent> sent = h.takeBlocks();
        assertThat(sent).extracting(s -> s.messages().size()).containsExactly(20, 20, 5);
        assertThat(sent.get(1).bodies().get(0)).isEqualTo("m20");
        assertThat(sent.get(2).bodies()).containsExactly("m40", "m41", "m42", "m43", "m44");
    }

    @Test
    void stateUpdatesRideInTheirOwnSlotsAndTakeNoDanmakuSlot() {
        // A room publishing exactly its block limit of chats, plus a PK score and a like burst in the tick.
        IntStream.range(0, 20).forEach(i -> h.chat("r1", "m" + i, 0));
        h.submit("r1", MessageType.PK, "pk 10:7", 150, "pk:1");
        h.submit("r1", MessageType.PK, "pk 11:7", 150, "pk:1");   // conflated: the newest only
        h.submit("r1", MessageType.LIKE, "", 0, "");
        h.advance(1000);

        List<Harness.Sent> sent = h.takeBlocks();
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).messages()).filteredOn(m -> m.getType() == MessageType.CHAT).hasSize(20);
        assertThat(sent.get(0).bodies()).contains("pk 11:7").doesNotContain("pk 10:7");
        assertThat(sent.get(0).messages()).anyMatch(m -> m.getType() == MessageType.LIKE);
        assertThat(h.heldBackCount("r1", MessageType.CHAT)).isZero();
    }

    @Test
    void manyConflateKeysCannotGetAroundTheBlockLimit() {
        IntStream.range(0, 20).forEach(i -> h.chat("r1", "m" + i, 0));
        IntStream.range(0, 10).forEach(i -> h.submit("r1", MessageType.NOTIFY, "s" + i, 100, "key" + i));
        h.advance(1000);

        List<Harness.Sent> sent = h.takeBlocks();
        // 20 danmaku slots + 4 state slots: 24 leave, the other 6 wait for the next tick.
        assertThat(sent.get(0).messages()).hasSize(20 + RoomState.STATE_SLOTS_PER_BLOCK);
    }

    @Test
    void leftoversWaitBehindNewerHigherPriorityMessages() {
        IntStream.range(0, 25).forEach(i -> h.chat("r1", "old" + i, 0));
        h.advance(1000);
        IntStream.range(0, 18).forEach(i -> h.chat("r1", "vip" + i, 60));
        h.advance(1000);

        List<Harness.Sent> sent = h.takeBlocks();
        assertThat(sent.get(1).bodies()).hasSize(20).startsWith("vip0").endsWith("old20", "old21");
    }

    @Test
    void countsEachMessageAFullBlockHoldsBackOnce() {
        IntStream.range(0, 25).forEach(i -> h.chat("r1", "old" + i, 0));
        h.advance(1000);   // 20 leave, 5 are held back by the block limit
        assertThat(h.heldBackCount("r1", MessageType.CHAT)).isEqualTo(5);

        IntStream.range(0, 18).forEach(i -> h.chat("r1", "vip" + i, 60));
        h.advance(1000);   // 18 vips and 2 of the old ones leave; the 3 old ones left were counted already
        assertThat(h.heldBackCount("r1", MessageType.CHAT)).isEqualTo(5);

        IntStream.range(0, 20).forEach(i -> h.chat("r1", "vip-b" + i, 60));
        h.advance(1000);   // 20 new vips fill the block: they leave, the 3 old ones wait again (not recounted)
        assertThat(h.heldBackCount("r1", MessageType.CHAT)).isEqualTo(5);

        h.scheduler.submit(Message.newBuilder().setRoomId("r1").setType(MessageType.LIKE)
                .setCreatedAtMs(h.clock.get()).build());
        IntStream.range(0, 20).forEach(i -> h.chat("r1", "vip-c" + i, 60));
        h.advance(1000);   // the like rides in a state slot beside the vips; the old chats are too old now (dropped)
        assertThat(h.heldBackCount("r1", MessageType.LIKE)).isZero();
        assertThat(h.heldBackCount("r1", MessageType.CHAT)).isEqualTo(5);

        h.advance(1000);
        assertThat(h.takeBlocks()).flatExtracting(Harness.Sent::bodies).hasSize(20 + 20 + 20 + 20 + 1);
        assertThat(h.dropCount("r1", MessageType.CHAT, DropReason.STALE)).isEqualTo(3);
        assertThat(h.heldBackCount("r1", MessageType.CHAT)).isEqualTo(5);
        assertThat(h.heldBackCount("r1", MessageType.LIKE)).isZero();
    }

    @Test
    void aBlockWithRoomForEverythingHoldsNothingBack() {
        IntStream.range(0, 20).forEach(i -> h.chat("r1", "m" + i, 0));
        h.advance(1000);
        h.chat("r1", "after", 0);
        h.advance(1000);
        assertThat(h.heldBackCount("r1", MessageType.CHAT)).isZero();
    }

    @Test
    void blockSeqIncreasesByOnePerMcast() {
        for (int t = 0; t < 3; t++) {
            h.chat("r1", "a" + t, 0);
            h.chat("r2", "b" + t, 0);
            h.advance(1000);
        }
        List<Harness.Sent> sent = h.takeBlocks();
        List<Long> r1 = sent.stream().filter(s -> s.block().getMcastId().equals("room:r1")).map(s -> s.block().getBlockSeq()).toList();
        assertThat(r1).hasSize(3);
        assertThat(r1.get(1)).isEqualTo(r1.get(0) + 1);
        assertThat(r1.get(2)).isEqualTo(r1.get(1) + 1);
        assertThat(sent).extracting(s -> s.encoded().roomId()).contains("r1", "r2");
    }

    @Test
    void flushesImmediateAfterMicroBatchWithoutWaitingForTheTick() {
        h.chat("r1", "chat", 0);
        assertThat(h.submit("r1", MessageType.GIFT, "rocket", 220, "")).isEqualTo(SubmitResult.IMMEDIATE);
        h.advance(2);
        assertThat(h.submit("r1", MessageType.SYSTEM, "closed", 0, "")).isEqualTo(SubmitResult.IMMEDIATE);
        h.advance(2);
        assertThat(h.blocks).as("micro-batch still gathering").isEmpty();
        h.advance(1);

        List<Harness.Sent> sent = h.takeBlocks();
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).bodies()).containsExactly("closed", "rocket");
        assertThat(sent.get(0).encoded().immediate()).isTrue();

        h.advance(995);
        assertThat(h.takeBlocks()).singleElement().satisfies(s -> assertThat(s.bodies()).containsExactly("chat"));
    }

    @Test
    void dropsLowestPriorityOldestWhenQueueFull() {
        Harness small = new Harness(Harness.settings().withRoomQueueCapacity(3));
        small.chat("r1", "lvl10-old", 10);
        small.chat("r1", "lvl10-new", 10);
        small.chat("r1", "lvl30", 30);

        assertThat(small.chat("r1", "lvl20", 20)).isEqualTo(SubmitResult.QUEUED);      // evicts lvl10-old
        assertThat(small.chat("r1", "lvl0", 0)).isEqualTo(SubmitResult.DROPPED_OVERFLOW); // lowest of all: itself
        small.advance(1000);

        assertThat(small.takeBlocks().get(0).bodies()).containsExactly("lvl30", "lvl20", "lvl10-new");
        assertThat(small.dropCount("r1", MessageType.CHAT, DropReason.OVERFLOW)).isEqualTo(2);
    }

    @Test
    void dropsStaleMessagesAtBlockBuild() {
        IntStream.range(0, 30).forEach(i -> h.chat("r1", "chat" + i, 0));            // CHAT max age 3 s
        h.submit("r1", MessageType.NOTIFY, "notice", 0, "");                          // NOTIFY max age 5 s
        h.advance(1000);   // chat0..18 + notice
        h.advance(1000);   // chat19..29
        h.takeBlocks();

        IntStream.range(0, 30).forEach(i -> h.chat("r1", "late" + i, 0));
        h.advance(1000);   // 20 out, 10 wait
        h.clock.addAndGet(2500);
        h.advance(0);      // next grid tick is 1 s after the last: the 10 are 3.5 s old by then
        h.advance(500);

        assertThat(h.takeBlocks()).hasSize(1);
        assertThat(h.dropCount("r1", MessageType.CHAT, DropReason.STALE)).isEqualTo(10);
    }

    @Test
    void dropsStaleMessageWhenItsCreatedAtIsOld() {
        h.scheduler.submit(h.chatMessage("r1", "old", 0).toBuilder().setCreatedAtMs(Harness.T0 - 5000).build());
        h.chat("r1", "fresh", 0);
        h.advance(1000);

        assertThat(h.takeBlocks().get(0).bodies()).containsExactly("fresh");
        assertThat(h.dropCount("r1", MessageType.CHAT, DropReason.STALE)).isEqualTo(1);
    }

    @Test
    void conflatesByKeyNewestStateWins() {
        assertThat(h.submit("r1", MessageType.PK, "pk 1:0", 0, "pk:7")).isEqualTo(SubmitResult.QUEUED);
        h.chat("r1", "chat", 0);
        assertThat(h.submit("r1", MessageType.PK, "pk 2:0", 0, "pk:7")).isEqualTo(SubmitResult.CONFLATED_PREVIOUS);
        assertThat(h.submit("r1", MessageType.PK, "pk 2:1", 0, "pk:7")).isEqualTo(SubmitResult.CONFLATED_PREVIOUS);
        h.submit("r1", MessageType.PK, "other 5:5", 0, "pk:8");
        h.advance(1000);

        assertThat(h.takeBlocks().get(0).bodies()).containsExactly("pk 2:1", "other 5:5", "chat");
        assertThat(h.dropCount("r1", MessageType.PK, DropReason.CONFLATED)).isEqualTo(2);

        h.submit("r1", MessageType.PK, "pk 3:1", 0, "pk:7");   // sent state does not conflate the next one
        h.advance(1000);
        assertThat(h.takeBlocks().get(0).bodies()).containsExactly("pk 3:1");
    }

    @Test
    void aggregatesEnterBurstIntoOneMessagePerTick() {
        for (int i = 0; i < 1234; i++) {
            h.scheduler.submit(Message.newBuilder().setRoomId("r1").setType(MessageType.ENTER)
                    .setSender(Sender.newBuilder().setUserId("u" + i).setNickname(i == 7 ? "alice" : "v" + i)
                            .setLevel(i == 7 ? 50 : 1)).build());
        }
        h.chat("r1", "hi", 0);
        h.advance(1000);
        h.scheduler.submit(Message.newBuilder().setRoomId("r1").setType(MessageType.ENTER)
                .setSender(Sender.newBuilder().setUserId("bob").setNickname("bob")).build());
        h.advance(1000);

        List<Harness.Sent> sent = h.takeBlocks();
        assertThat(sent.get(0).bodies()).containsExactly("hi", "alice and 1,233 others entered");
        Message enter = sent.get(0).messages().get(1);
        assertThat(enter.getAggregateCount()).isEqualTo(1234);
        assertThat(enter.getSender().getUserId()).isEqualTo("u7");
        assertThat(sent.get(1).bodies()).containsExactly("bob entered");
    }

    @Test
    void aggregatesLikeBurstIntoOneMessagePerTick() {
        for (int i = 0; i < 5800; i++) {
            h.submit("r1", MessageType.LIKE, "", 0, "");
        }
        h.scheduler.submit(Message.newBuilder().setRoomId("r1").setType(MessageType.LIKE).setAggregateCount(12).build());
        h.advance(1000);

        Harness.Sent sent = h.takeBlocks().get(0);
        assertThat(sent.bodies()).containsExactly("+5,812 likes");
        assertThat(sent.messages().get(0).getAggregateCount()).isEqualTo(5812);
        assertThat(sent.messages().get(0).getPriority()).isEqualTo(40);
    }

    @Test
    void aggregateThatDoesNotFitKeepsCountingUntilSent() {
        IntStream.range(0, 20).forEach(i -> h.chat("r1", "c" + i, 0));
        // Higher-priority state updates take every state slot.
        IntStream.range(0, RoomState.STATE_SLOTS_PER_BLOCK).forEach(i -> h.submit("r1", MessageType.NOTIFY, "s" + i, 100, "k" + i));
        IntStream.range(0, 3).forEach(i -> h.submit("r1", MessageType.LIKE, "", 0, ""));
        h.advance(1000);   // 20 chats fill the block, the notices the state slots
        IntStream.range(0, 4).forEach(i -> h.submit("r1", MessageType.LIKE, "", 0, ""));
        h.advance(1000);

        List<Harness.Sent> sent = h.takeBlocks();
        assertThat(sent.get(1).bodies()).containsExactly("+7 likes");
    }

    @Test
    void emitsConflatedOnlineCountPeriodicallyForActiveRooms() {
        Harness withOnline = new Harness(new SchedulerSettings(1000, 20, 200, 5, 1000, 30_000, 5000, 512, 3,
                java.util.Map.of(), List.of(), false));
        withOnline.onlineCounts.put("r1", 321L);
        withOnline.onlineCounts.put("r2", 9L);
        withOnline.chat("r1", "hello", 0);
        withOnline.chat("r2", "hello", 0);
        for (int i = 0; i < 10; i++) {
            withOnline.advance(1000);
        }
        List<Harness.Sent> sent = withOnline.takeBlocks();
        List<Message> online = sent.stream().flatMap(s -> s.messages().stream())
                .filter(m -> m.getType() == MessageType.ONLINE_COUNT).toList();
        assertThat(online).hasSize(2);   // at 5 s for both rooms; unchanged at 10 s: not repeated
        assertThat(online).extracting(Message::getConflateKey).containsOnly("online");
        assertThat(online).filteredOn(m -> m.getRoomId().equals("r1")).extracting(Message::getBody).containsOnly("321");
        assertThat(online.get(0).getPriority()).isEqualTo(160);
    }

    @Test
    void sendsAChangedOnlineCountAtTheNextIntervalAndRepeatsAnUnchangedOneEveryThirtySeconds() {
        Harness withOnline = new Harness(new SchedulerSettings(1000, 20, 200, 5, 1000, 120_000, 5000, 512, 3,
                java.util.Map.of(), List.of(), false));
        withOnline.onlineCounts.put("r1", 7L);
        withOnline.scheduler.touch("r1");
        for (int i = 0; i < 10; i++) {
            withOnline.advance(1000);
        }
        withOnline.onlineCounts.put("r1", 8L);
        for (int i = 0; i < 5; i++) {
            withOnline.advance(1000);
        }
        for (int i = 0; i < 30; i++) {
            withOnline.advance(1000);
        }
        List<String> counts = withOnline.takeBlocks().stream().flatMap(s -> s.messages().stream())
                .filter(m -> m.getType() == MessageType.ONLINE_COUNT).map(Message::getBody).toList();
        assertThat(counts).containsExactly("7", "8", "8");   // 5 s, 15 s (changed), 45 s (repeat)
    }

    @Test
    void removesIdleRoomAfterIdleRoomMillis() {
        h.chat("r1", "hello", 0);
        h.advance(1000);
        assertThat(h.scheduler.activeRooms()).isEqualTo(1);
        h.advance(28_999);
        assertThat(h.scheduler.activeRooms()).isEqualTo(1);
        h.advance(1);
        assertThat(h.scheduler.activeRooms()).isZero();

        h.chat("r1", "back", 0);   // a new room state: seq keeps increasing across the re-creation
        h.advance(1000);
        List<Harness.Sent> sent = h.takeBlocks();
        assertThat(sent.get(1).block().getBlockSeq()).isGreaterThan(sent.get(0).block().getBlockSeq());
    }

    @Test
    void quietRoomsAreNotVisitedBetweenTheirDeadlines() {
        IntStream.range(0, 5000).forEach(i -> h.chat("room" + i, "x", 0));
        h.advance(1000);
        assertThat(h.takeBlocks()).hasSize(5000);
        long visits = h.scheduler.roomVisits();
        for (int i = 0; i < 20; i++) {
            h.advance(1000);
        }
        assertThat(h.scheduler.roomVisits()).isEqualTo(visits);
        assertThat(h.takeBlocks()).isEmpty();
        h.advance(9000);   // idle deadline: every room visited once more, and removed
        assertThat(h.scheduler.roomVisits()).isEqualTo(visits + 5000);
        assertThat(h.scheduler.activeRooms()).isZero();
    }

    @Test
    void sizeTierSetsTickLength() {
        Harness tiered = new Harness(Harness.settings().withSizeTiers(List.of(
                new SchedulerSettings.SizeTier(0, 1000), new SchedulerSettings.SizeTier(100_000, 2000))));
        tiered.onlineCounts.put("big", 250_000L);
        tiered.chat("big", "a", 0);
        tiered.chat("small", "b", 0);
        tiered.advance(1000);
        assertThat(tiered.takeBlocks()).extracting(s -> s.encoded().roomId()).containsExactly("small");
        tiered.advance(1000);
        assertThat(tiered.takeBlocks()).extracting(s -> s.encoded().roomId()).containsExactly("big");
    }

    @Test
    void reportsEveryDropByRoomTypeAndReason() {
        Harness small = new Harness(Harness.settings().withRoomQueueCapacity(2));
        small.submit("r1", MessageType.LIKE, "", 0, "");
        small.chat("r1", "a", 0);
        small.chat("r1", "b", 0);                        // evicts the LIKE aggregate
        small.submit("r2", MessageType.PK, "1", 0, "pk");
        small.submit("r2", MessageType.PK, "2", 0, "pk");
        small.scheduler.removeRoom("r1");

        assertThat(small.drops).containsOnlyKeys("r1/LIKE/OVERFLOW", "r2/PK/CONFLATED", "r1/CHAT/REMOVED");
        assertThat(small.dropCount("r1", MessageType.CHAT, DropReason.REMOVED)).isEqualTo(2);
        assertThat(small.scheduler.activeRooms()).isEqualTo(1);
    }

    @Test
    void publisherOverrideWinsAndIsClamped() {
        h.submit("r1", MessageType.CHAT, "boosted", 199, "");
        h.submit("r1", MessageType.NOTIFY, "normal", 0, "");
        h.advance(1000);
        assertThat(h.takeBlocks().get(0).messages()).extracting(Message::getPriority).containsExactly(199, 150);
        assertThat(h.submit("r1", MessageType.CHAT, "huge", 999, "")).isEqualTo(SubmitResult.IMMEDIATE);
        h.advance(5);
        assertThat(h.takeBlocks().get(0).messages().get(0).getPriority()).isEqualTo(255);
    }

    @Test
    void closedSchedulerRejectsAndReportsPendingAsRemoved() {
        h.chat("r1", "a", 0);
        h.scheduler.close();
        assertThat(h.chat("r1", "b", 0)).isEqualTo(SubmitResult.REJECTED_CLOSED);
        assertThat(h.dropCount("r1", MessageType.CHAT, DropReason.REMOVED)).isEqualTo(1);
        h.advance(1000);
        assertThat(h.blocks).isEmpty();
    }
}
