package dev.roomcast.connector.mode;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * When this connector moves a room to polling on its own, and when back. Pure decision logic on a given
 * clock (tested with a fake one).
 *
 * <ul>
 *   <li>Pressure at or above {@code high}: the room with the most local viewers still on push goes to
 *       polling. Biggest first, because a room's fan-out cost is viewers x blocks, and big rooms are the
 *       cheapest to poll per viewer (the mailbox's largest poll tier, one hot window served many times).</li>
 *   <li>Pressure at or below {@code low}: the room switched last comes back (last in, first out).</li>
 *   <li>Between the two nothing changes (hysteresis). At most one switch per {@code minDwellMillis} on this
 *       connector, and a room stays at least that long in the mode it was put in, so nothing flaps.</li>
 * </ul>
 */
public final class PressurePolicy {

    /** One decision: switch {@code roomId} to poll ({@code poll}) or back. */
    public record Decision(String roomId, boolean poll) {
    }

    private final double high;
    private final double low;
    private final long minDwellMillis;
    private final int minViewers;
    private final Deque<String> switched = new ArrayDeque<>();
    private final Map<String, Long> switchedAt = new java.util.HashMap<>();
    private long lastSwitchMillis = Long.MIN_VALUE / 2;

    public PressurePolicy(double high, double low, long minDwellMillis, int minViewers) {
        if (!(low < high)) {
            throw new IllegalArgumentException("pressure low-watermark must be below high-watermark");
        }
        this.high = high;
        this.low = low;
        this.minDwellMillis = minDwellMillis;
        this.minViewers = minViewers;
    }

    /**
     * @param pressure       the highest of the measured ratios (1.0 = at capacity)
     * @param viewersByRoom  local viewers of each room on push here (candidates)
     * @param operatorPolled rooms already polled by the operator (never picked, never released here)
     */
    public Optional<Decision> evaluate(long nowMillis, double pressure, Map<String, Integer> viewersByRoom,
                                       Set<String> operatorPolled) {
        if (nowMillis - lastSwitchMillis < minDwellMillis) {
            return Optional.empty();
        }
        if (pressure >= high) {
            String biggest = null;
            int most = minViewers - 1;
            for (Map.Entry<String, Integer> e : viewersByRoom.entrySet()) {
                String room = e.getKey();
                if (e.getValue() > most && !switchedAt.containsKey(room) && !operatorPolled.contains(room)) {
                    biggest = room;
                    most = e.getValue();
                }
            }
            if (biggest == null) {
                return Optional.empty();
            }
            switched.push(biggest);
            switchedAt.put(biggest, nowMillis);
            lastSwitchMillis = nowMillis;
            return Optional.of(new Decision(biggest, true));
        }
        if (pressure <= low && !switched.isEmpty()) {
            String last = switched.peek();
            if (nowMillis - switchedAt.get(last) < minDwellMillis) {
                return Optional.empty();
            }
            switched.pop();
            switchedAt.remove(last);
            lastSwitchMillis = nowMillis;
            return Optional.of(new Decision(last, false));
        }
        return Optional.empty();
    }

    /** The room is gone here (no local members): forget it without a switch. */
    public void forget(String roomId) {
        if (switchedAt.remove(roomId) != null) {
            switched.remove(roomId);
        }
    }

    public int switchedCount() {
        return switched.size();
    }
}
