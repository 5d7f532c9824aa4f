package dev.roomcast.room.scheduler;

import dev.roomcast.proto.v1.MessageType;
import dev.roomcast.scheduler.DropListener;
import dev.roomcast.scheduler.DropReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts every scheduler drop as {@code roomcast_scheduler_drops_total{room,type,reason}}, and every message
 * a full block held back for a later tick as {@code roomcast_scheduler_held_back_total{room,type}}. A tag per
 * room would explode with tens of thousands of rooms, so only the first {@link #MAX_ROOM_TAGS} rooms
 * that drop get their own tag; the rest are counted under {@code room="other"} (the total stays exact).
 */
@ApplicationScoped
public class DropMetrics implements DropListener {

    static final int MAX_ROOM_TAGS = 500;
    static final String OTHER = "other";

    private final MeterRegistry registry;
    private final Set<String> taggedRooms = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<String, Counter> counters = new ConcurrentHashMap<>();

    public DropMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void dropped(String roomId, MessageType type, DropReason reason, int count) {
        String room = roomTag(roomId);
        String key = room + '\u0000' + type.name() + '\u0000' + reason.name();
        counters.computeIfAbsent(key, k -> Counter.builder("roomcast_scheduler_drops_total")
                .description("Messages the block scheduler dropped, by room, type and reason")
                .tag("room", room).tag("type", type.name()).tag("reason", reason.name().toLowerCase(Locale.ROOT))
                .register(registry)).increment(count);
    }

    @Override
    public void heldBack(String roomId, MessageType type, int count) {
        String room = roomTag(roomId);
        String key = room + '\u0000' + type.name() + "\u0000held";
        counters.computeIfAbsent(key, k -> Counter.builder("roomcast_scheduler_held_back_total")
                .description("Messages that missed the first block built after their acceptance (the block limit and "
                        + "higher priorities kept them for a later tick), counted once each, by room and type")
                .tag("room", room).tag("type", type.name()).register(registry)).increment(count);
    }

    private String roomTag(String roomId) {
        if (taggedRooms.contains(roomId)) {
            return roomId;
        }
        if (taggedRooms.size() < MAX_ROOM_TAGS && taggedRooms.add(roomId)) {
            return roomId;
        }
        return taggedRooms.contains(roomId) ? roomId : OTHER;
    }
}
