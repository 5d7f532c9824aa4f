package dev.roomcast.scheduler;

import java.util.PriorityQueue;

/**
 * Rooms ordered by when they next need the scheduler (tick, online count, idle check). One entry per
 * room is live; a rescheduled room leaves its old entry behind, recognised by its generation. Only the
 * scheduler thread touches it, so all rooms share one timer and a quiet room costs one heap slot.
 */
final class DueRooms {
    private record Due(long atMillis, RoomState room, long generation) {
    }

    private final PriorityQueue<Due> heap = new PriorityQueue<>((a, b) -> Long.compare(a.atMillis, b.atMillis));

    void schedule(RoomState room, long atMillis) {
        room.scheduleGeneration++;
        heap.add(new Due(atMillis, room, room.scheduleGeneration));
    }

    /** The next room due at or before {@code nowMillis}, or null. */
    RoomState pollDue(long nowMillis) {
        while (!heap.isEmpty() && heap.peek().atMillis <= nowMillis) {
            Due due = heap.poll();
            if (due.generation == due.room.scheduleGeneration && !due.room.removed) {
                return due.room;
            }
        }
        return null;
    }

    /** When the earliest live entry is due, or Long.MAX_VALUE. */
    long nextDueMillis() {
        while (!heap.isEmpty()) {
            Due due = heap.peek();
            if (due.generation == due.room.scheduleGeneration && !due.room.removed) {
                return due.atMillis;
            }
            heap.poll();
        }
        return Long.MAX_VALUE;
    }

    void clear() {
        heap.clear();
    }
}
