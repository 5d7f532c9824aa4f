package dev.roomcast.connector.mode;

import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The delivery mode of each room on this connector, from two sources: the operator's (room-service's
 * SetDeliveryMode and JoinReply) and this connector's own pressure governor. A room's viewers poll when
 * either says poll; they are switched only when the combined mode changes.
 */
@Singleton
public class RoomModes {

    /**
     * After a SetDeliveryMode a join reply's mode is ignored this long: room-service instances answer
     * joins from a cache of up to a second, and a stale answer must not undo the operator's switch.
     */
    static final long JOIN_REPLY_HOLD_MILLIS = 5_000;

    private record State(boolean operatorPoll, String operatorReason, boolean pressurePoll) {
        boolean poll() {
            return operatorPoll || pressurePoll;
        }

        String reason() {
            return operatorPoll ? "operator: " + operatorReason : pressurePoll ? "pressure" : "push";
        }
    }

    private static final State PUSH = new State(false, "", false);

    private final Map<String, State> states = new ConcurrentHashMap<>();
    private final Map<String, Long> operatorSetAt = new ConcurrentHashMap<>();
    private final ViewerSwitcher switcher;

    RoomModes(ViewerSwitcher switcher) {
        this.switcher = switcher;
    }

    public boolean polls(String roomId) {
        return states.getOrDefault(roomId, PUSH).poll();
    }

    /** The operator's part alone (a join reply carries it). */
    public boolean operatorPolls(String roomId) {
        return states.getOrDefault(roomId, PUSH).operatorPoll();
    }

    public String reason(String roomId) {
        return states.getOrDefault(roomId, PUSH).reason();
    }

    /** Rooms the governor put to polling. */
    public Set<String> pressured() {
        Set<String> rooms = ConcurrentHashMap.newKeySet();
        states.forEach((room, s) -> {
            if (s.pressurePoll()) {
                rooms.add(room);
            }
        });
        return rooms;
    }

    /** The operator's mode from room-service's SetDeliveryMode; returns the viewers that will be switched. */
    public int operator(String roomId, boolean poll, String reason, int windowMillis) {
        operatorSetAt.put(roomId, System.currentTimeMillis());
        if (operatorSetAt.size() > 100_000) {
            operatorSetAt.clear();   // bounded; only a hold against stale join replies is lost
        }
        return setOperator(roomId, poll, reason, windowMillis);
    }

    /** The operator's mode as a join reply carried it: ignored shortly after a SetDeliveryMode. */
    public void fromJoin(String roomId, boolean poll, String reason) {
        Long setAt = operatorSetAt.get(roomId);
        if (setAt != null && System.currentTimeMillis() - setAt < JOIN_REPLY_HOLD_MILLIS) {
            return;
        }
        if (poll != operatorPolls(roomId)) {
            setOperator(roomId, poll, reason, 0);
        }
    }

    private synchronized int setOperator(String roomId, boolean poll, String reason, int windowMillis) {
        State before = states.getOrDefault(roomId, PUSH);
        State after = new State(poll, poll ? reason : "", before.pressurePoll());
        return apply(roomId, before, after, windowMillis);
    }

    /** The governor's mode; returns the viewers that will be switched. */
    public synchronized int pressure(String roomId, boolean poll) {
        State before = states.getOrDefault(roomId, PUSH);
        State after = new State(before.operatorPoll(), before.operatorReason(), poll);
        return apply(roomId, before, after, 0);
    }

    private synchronized int apply(String roomId, State before, State after, int windowMillis) {
        if (after.equals(PUSH)) {
            states.remove(roomId);
        } else {
            states.put(roomId, after);
        }
        if (before.poll() == after.poll()) {
            return 0;
        }
        return switcher.switchRoom(roomId, after.poll(), after.reason(), windowMillis, this::polls);
    }
}
