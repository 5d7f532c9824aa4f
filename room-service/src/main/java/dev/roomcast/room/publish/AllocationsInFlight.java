package dev.roomcast.room.publish;

import dev.roomcast.scheduler.UnsubmittedMsgIds;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The room msgIds this instance is assigning and has not submitted to the scheduler yet. Up to four Redis
 * batches are in flight at once and their answers come back on different threads, so a publish that got
 * msgId 104 can reach the scheduler before the one that got 103; a block pushed then must not tell a viewer
 * switching to polling that it has everything up to 104.
 * <p>
 * An allocation opened after another one closed is executed by Redis after it, so its msgId is higher: each
 * open allocation records the highest msgId closed before it opened (its floor), and every message still on
 * its way has a msgId above the oldest open allocation's floor. A room's record lives while it publishes
 * (idle ones are forgotten by {@link #forgetIdle}); a room with no record yet has floor 0, which only holds
 * a cursor back (never lets one pass a message).
 */
@ApplicationScoped
public class AllocationsInFlight implements UnsubmittedMsgIds {

    static final long IDLE_MILLIS = 60_000;
    /** An allocation open this long was lost (its call abandoned without a close): it stops holding cursors back. */
    static final long ABANDONED_MILLIS = 30_000;

    /** An open allocation: the highest msgId closed before it opened, and when it opened. */
    private record Open(long floor, long openedAtMillis) {
    }

    private static final class Room {
        /** By ticket, i.e. in opening order: the first is the oldest, with the lowest floor. */
        final TreeMap<Long, Open> open = new TreeMap<>();
        long nextTicket;
        long highestClosed;
        long lastActivityMillis;
    }

    /** An open allocation: close it exactly once, after its message was submitted (or its publish failed). */
    public record Ticket(String roomId, long seq) {
    }

    private final Map<String, Room> rooms = new ConcurrentHashMap<>();

    public Ticket open(String roomId) {
        long[] seq = new long[1];
        rooms.compute(roomId, (id, room) -> {
            Room r = room == null ? new Room() : room;
            seq[0] = r.nextTicket++;
            r.lastActivityMillis = System.currentTimeMillis();
            r.open.put(seq[0], new Open(r.highestClosed, r.lastActivityMillis));
            return r;
        });
        return new Ticket(roomId, seq[0]);
    }

    /** {@code msgId}: what the allocation assigned (0 when it failed). A second close of a ticket changes nothing. */
    public void close(Ticket ticket, long msgId) {
        rooms.computeIfPresent(ticket.roomId(), (id, r) -> {
            r.open.remove(ticket.seq());
            r.highestClosed = Math.max(r.highestClosed, msgId);
            r.lastActivityMillis = System.currentTimeMillis();
            return r;
        });
    }

    @Override
    public long lowestPossible(String roomId) {
        // Read under the map's bin lock, as open and close write: the room's TreeMap is not thread-safe.
        long[] low = {Long.MAX_VALUE};
        rooms.computeIfPresent(roomId, (id, r) -> {
            Map.Entry<Long, Open> oldest = r.open.firstEntry();
            low[0] = oldest == null ? Long.MAX_VALUE : oldest.getValue().floor() + 1;
            return r;
        });
        return low[0];
    }

    /**
     * Drops allocations abandoned for {@link #ABANDONED_MILLIS} and forgets rooms with nothing open that have not
     * published for {@link #IDLE_MILLIS} (bounds the map to the rooms publishing here).
     */
    public void forgetIdle(long nowMillis) {
        for (String roomId : rooms.keySet()) {
            rooms.computeIfPresent(roomId, (id, r) -> {
                while (!r.open.isEmpty() && nowMillis - r.open.firstEntry().getValue().openedAtMillis() > ABANDONED_MILLIS) {
                    r.open.pollFirstEntry();
                }
                return r.open.isEmpty() && nowMillis - r.lastActivityMillis > IDLE_MILLIS ? null : r;
            });
        }
    }

    int trackedRooms() {
        return rooms.size();
    }
}
