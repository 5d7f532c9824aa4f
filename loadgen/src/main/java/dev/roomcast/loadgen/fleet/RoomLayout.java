package dev.roomcast.loadgen.fleet;

import java.util.ArrayList;
import java.util.List;

/**
 * Which room each viewer watches: one big room ({@code rooms == 1}: every viewer in {@code prefix}),
 * or {@code rooms} small rooms of {@code viewersPerRoom} each ({@code prefix-0}, {@code prefix-1}, ...).
 */
public record RoomLayout(String prefix, int rooms, int viewersPerRoom) implements ViewerFleet.RoomAssignment {

    public static RoomLayout single(String roomId) {
        return new RoomLayout(roomId, 1, Integer.MAX_VALUE);
    }

    @Override
    public String roomOf(int viewer) {
        return rooms == 1 ? prefix : prefix + "-" + Math.min(rooms - 1, viewer / viewersPerRoom);
    }

    public List<String> roomIds() {
        List<String> ids = new ArrayList<>(rooms);
        for (int i = 0; i < rooms; i++) {
            ids.add(rooms == 1 ? prefix : prefix + "-" + i);
        }
        return ids;
    }
}
