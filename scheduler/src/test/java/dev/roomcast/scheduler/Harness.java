package dev.roomcast.scheduler;

import dev.roomcast.proto.v1.Block;
import dev.roomcast.proto.v1.Message;
import dev.roomcast.proto.v1.MessageType;
import dev.roomcast.proto.v1.Sender;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/** A scheduler on a fake clock, with a sink that decodes every block and a drop listener that counts. */
final class Harness {
    static final long T0 = 1_700_000_000_000L;

    final AtomicLong clock = new AtomicLong(T0);
    final List<Sent> blocks = new CopyOnWriteArrayList<>();
    final Map<String, Long> drops = new ConcurrentHashMap<>();
    final Map<String, Long> heldBack = new ConcurrentHashMap<>();
    final Map<String, Long> onlineCounts = new ConcurrentHashMap<>();
    final BlockDecoder decoder = new BlockDecoder();
    final BlockScheduler scheduler;
    private long nextUser;

    record Sent(EncodedBlock encoded, Block block, List<Message> messages) {
        List<String> bodies() {
            return messages.stream().map(Message::getBody).toList();
        }
    }

    Harness(SchedulerSettings settings) {
        this.scheduler = new BlockScheduler(settings, PriorityPolicy.defaults(), this::record,
                room -> onlineCounts.getOrDefault(room, 0L), new DropListener() {
                    @Override
                    public void dropped(String room, MessageType type, DropReason reason, int count) {
                        Harness.this.dropped(room, type, reason, count);
                    }

                    @Override
                    public void heldBack(String room, MessageType type, int count) {
                        Harness.this.heldBack.merge(room + "/" + type, (long) count, Long::sum);
                    }
                }, clock::get, null);
    }

    /** 1 s ticks without size tiers, 20 per block, online counts effectively off unless a test sets them. */
    static SchedulerSettings settings() {
        return new SchedulerSettings(1000, 20, 200, 5, 1000, 30_000, 3_600_000, 512, 3, Map.of(), List.of(), false);
    }

    private void record(EncodedBlock encoded) {
        try {
            Block block = BlockDecoder.blockOf(encoded.frameBytes());
            blocks.add(new Sent(encoded, block, decoder.decode(block)));
        } catch (BlockDecoder.BlockFormatException e) {
            throw new AssertionError(e);
        }
    }

    private void dropped(String room, MessageType type, DropReason reason, int count) {
        drops.merge(room + "/" + type + "/" + reason, (long) count, Long::sum);
    }

    long heldBackCount(String room, MessageType type) {
        return heldBack.getOrDefault(room + "/" + type, 0L);
    }

    long dropCount(String room, MessageType type, DropReason reason) {
        return drops.getOrDefault(room + "/" + type + "/" + reason, 0L);
    }

    /** Moves the clock and runs what is due. */
    void advance(long millis) {
        clock.addAndGet(millis);
        scheduler.runDueTicks();
    }

    List<Sent> takeBlocks() {
        List<Sent> out = new ArrayList<>(blocks);
        blocks.clear();
        return out;
    }

    SubmitResult chat(String room, String body, int level) {
        return scheduler.submit(chatMessage(room, body, level));
    }

    Message chatMessage(String room, String body, int level) {
        return Message.newBuilder().setRoomId(room).setType(MessageType.CHAT).setBody(body)
                .setCreatedAtMs(clock.get())
                .setSender(Sender.newBuilder().setUserId("u" + (nextUser++)).setLevel(level).setNickname("n" + nextUser))
                .build();
    }

    SubmitResult submit(String room, MessageType type, String body, int priority, String conflateKey) {
        return scheduler.submit(Message.newBuilder().setRoomId(room).setType(type).setBody(body).setPriority(priority)
                .setConflateKey(conflateKey).setCreatedAtMs(clock.get()).build());
    }
}
