package dev.roomcast.room.membership;

/** A room's current online connections and its cumulative unique viewers (HyperLogLog estimate). */
public record RoomStats(long onlineCount, long cumulativeViewers) {
}
