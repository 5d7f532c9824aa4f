package dev.roomcast.gift.fakes;

import dev.roomcast.proto.v1.Frame;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/** The fake connector's anchors by room, and every frame it was asked to push. */
@Singleton
public class FakeConnectorState {

    public final Map<String, TestAnchor> anchors = new ConcurrentHashMap<>();
    public final List<Frame> frames = new CopyOnWriteArrayList<>();
    public final AtomicLong dropped = new AtomicLong();
    private final Map<String, AtomicLong> droppedByRoom = new ConcurrentHashMap<>();

    void droppedFor(String roomId, int frames) {
        dropped.addAndGet(frames);
        droppedByRoom.computeIfAbsent(roomId, r -> new AtomicLong()).addAndGet(frames);
    }

    public long droppedFor(String roomId) {
        AtomicLong n = droppedByRoom.get(roomId);
        return n == null ? 0 : n.get();
    }

    public List<Frame> framesFor(String roomId) {
        return frames.stream().filter(f -> f.getGiftPush().getRoomId().equals(roomId)).toList();
    }

    public long giftsPushedTo(String roomId) {
        return framesFor(roomId).stream().mapToLong(f -> f.getGiftPush().getGiftsCount()).sum();
    }
}
