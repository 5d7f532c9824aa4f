package dev.roomcast.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roomcast.proto.v1.Message;
import dev.roomcast.proto.v1.MessageType;
import dev.roomcast.proto.v1.Sender;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A block's poll cursor tells a viewer switched to polling at that block where to read from: it must stay
 * below every persisted message of the room not pushed yet, or that viewer never gets it (the others do,
 * in a later block).
 */
class PollCursorTest {

    private final AtomicLong clock = new AtomicLong(Harness.T0);
    private final List<EncodedBlock> blocks = new CopyOnWriteArrayList<>();
    private final AtomicLong onTheWay = new AtomicLong(Long.MAX_VALUE);
    private final BlockScheduler scheduler = new BlockScheduler(Harness.settings(), PriorityPolicy.defaults(),
            blocks::add, room -> 0, null, clock::get, null, BlockCodec.from(Harness.settings()), room -> onTheWay.get());

    @Test
    void higherPriorityChatsTakingTheBlockHoldTheCursorBelowTheChatsLeftWaiting() {
        for (long id = 101; id <= 120; id++) {
            chat(id, 0);          // priority 100
        }
        for (long id = 121; id <= 125; id++) {
            chat(id, 50);         // priority 150: picked first
        }
        advance(1000);
        assertThat(blocks).hasSize(1);
        assertThat(blocks.get(0).messageCount()).isEqualTo(20);
        assertThat(blocks.get(0).pollCursor()).as("116..120 still queued").isEqualTo(115);
        blocks.clear();
        advance(1000);
        assertThat(blocks).hasSize(1);
        assertThat(blocks.get(0).pollCursor()).isEqualTo(120);
    }

    @Test
    void anImmediateGiftPushedBeforeAQueuedChatCarriesACursorBelowTheChat() {
        chat(201, 0);
        scheduler.submit(Message.newBuilder().setRoomId("r").setType(MessageType.GIFT).setPriority(220).setMsgId(202)
                .setBody("rocket").setCreatedAtMs(clock.get()).build());
        advance(Harness.settings().microBatchMillis());
        assertThat(blocks).hasSize(1);
        assertThat(blocks.get(0).immediate()).isTrue();
        assertThat(blocks.get(0).pollCursor()).isEqualTo(200);
        blocks.clear();
        advance(1000);
        assertThat(blocks).hasSize(1);
        assertThat(blocks.get(0).pollCursor()).as("its own highest: 202 went out before").isEqualTo(201);
    }

    @Test
    void aMsgIdAssignedButNotYetSubmittedHoldsTheCursorBelowIt() {
        onTheWay.set(300);
        chat(305, 0);
        advance(1000);
        assertThat(blocks).hasSize(1);
        assertThat(blocks.get(0).pollCursor()).isEqualTo(299);
        blocks.clear();
        onTheWay.set(Long.MAX_VALUE);
        chat(306, 0);
        advance(1000);
        assertThat(blocks.get(0).pollCursor()).isEqualTo(306);
    }

    @Test
    void aBlockWithoutPersistedMessagesCarriesNoCursor() {
        scheduler.submit(Message.newBuilder().setRoomId("r").setType(MessageType.LIKE).setCreatedAtMs(clock.get()).build());
        advance(1000);
        assertThat(blocks).hasSize(1);
        assertThat(blocks.get(0).pollCursor()).isZero();
    }

    private void chat(long msgId, int level) {
        scheduler.submit(Message.newBuilder().setRoomId("r").setType(MessageType.CHAT).setMsgId(msgId).setBody("c" + msgId)
                .setCreatedAtMs(clock.get())
                .setSender(Sender.newBuilder().setUserId("u" + msgId).setLevel(level).setNickname("n")).build());
    }

    private void advance(long millis) {
        clock.addAndGet(millis);
        scheduler.runDueTicks();
    }
}
