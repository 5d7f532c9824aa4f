package dev.roomcast.common.mailbox;

/**
 * The Redis keys of a room's hot window (mailbox-service) and of its pending markers, which room-service
 * writes too. Every key carries the {@code {roomId}} hash tag, the tag of room-service's own room keys, so
 * that one script may touch the msgId counter and the markers in one Redis Cluster slot.
 * <p>
 * A pending marker is a member of the sorted set {@link #pending}: score = msgId, member =
 * {@code msgId:deadlineMs} (set by mailbox-service before a commit) or {@code msgId:deadlineMs:r} (set by
 * room-service when it assigns the msgId). Polls answer only below the lowest live marker; the window store
 * removes every marker of a msgId it stores; a marker past its deadline is ignored and removed.
 */
public final class HotWindowKeys {

    /** The default key prefix (both services' configuration default to it and must agree). */
    public static final String DEFAULT_PREFIX = "roomcast:mbox";

    /** Suffix of the markers room-service sets at msgId assignment (mailbox-service's own unmark leaves them). */
    public static final String ASSIGNED_MARKER_SUFFIX = ":r";

    private HotWindowKeys() {
    }

    /** Sorted set msgId -> canonical Message bytes, the newest messages of the room. */
    public static String hot(String prefix, String roomId) {
        return base(prefix, roomId) + "hot";
    }

    /** Hash {@code warm}, {@code floor}. */
    public static String meta(String prefix, String roomId) {
        return base(prefix, roomId) + "meta";
    }

    /** Sorted set of pending markers (see the class comment). */
    public static String pending(String prefix, String roomId) {
        return base(prefix, roomId) + "pending";
    }

    private static String base(String prefix, String roomId) {
        return prefix + ":{" + roomId + "}:";
    }
}
