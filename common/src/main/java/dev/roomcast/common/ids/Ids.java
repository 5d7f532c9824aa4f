package dev.roomcast.common.ids;

/**
 * The one definition of a room id and a user id, shared by every service and the client.
 *
 * <p>Both are 1..64 characters of {@code [A-Za-z0-9_.:@-]}: no spaces, no braces (room ids are Redis
 * hash tags {@code {roomId}}), nothing a URL path or a metric label must escape, and short enough for
 * the gift ledger's columns. Whoever refuses one answers with the same code: {@link #BAD_ROOM} /
 * {@link #BAD_USER} in REST bodies and gRPC descriptions, {@code ErrorCode.BAD_ROOM} (4005) on the
 * client protocol.
 */
public final class Ids {

    public static final int ROOM_ID_MAX_CHARS = 64;
    public static final int USER_ID_MAX_CHARS = 64;
    /** Anonymous viewers are {@code anon:<deviceId>}. */
    public static final String ANONYMOUS_PREFIX = "anon:";

    /**
     * msgIds are {@code max(last + 1, redisTimeMs * MSG_IDS_PER_MILLI)} (room-service's msgId script), so a
     * span of time maps to a span of msgIds: how the connector places a switch-to-poll cursor "10 s back".
     */
    public static final long MSG_IDS_PER_MILLI = 1024;
    public static final int DEVICE_ID_MAX_CHARS = USER_ID_MAX_CHARS - ANONYMOUS_PREFIX.length();

    public static final String BAD_ROOM = "BAD_ROOM";
    public static final String BAD_USER = "BAD_USER";

    public static final String ROOM_ID_RULE = "a room id is 1.." + ROOM_ID_MAX_CHARS + " characters of [A-Za-z0-9_.:@-]";
    public static final String USER_ID_RULE = "a user id is 1.." + USER_ID_MAX_CHARS + " characters of [A-Za-z0-9_.:@-]";
    public static final String DEVICE_ID_RULE = "a device id is 1.." + DEVICE_ID_MAX_CHARS + " characters of [A-Za-z0-9_.:@-]";

    private Ids() {
    }

    public static boolean isRoomId(String id) {
        return wellFormed(id, ROOM_ID_MAX_CHARS);
    }

    public static boolean isUserId(String id) {
        return wellFormed(id, USER_ID_MAX_CHARS);
    }

    public static boolean isDeviceId(String id) {
        return wellFormed(id, DEVICE_ID_MAX_CHARS);
    }

    /** @throws IllegalArgumentException with {@link #ROOM_ID_RULE} */
    public static String requireRoomId(String id) {
        if (!isRoomId(id)) {
            throw new IllegalArgumentException(ROOM_ID_RULE);
        }
        return id;
    }

    private static boolean wellFormed(String id, int maxChars) {
        if (id == null || id.isEmpty() || id.length() > maxChars) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            if (!allowed(id.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean allowed(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '_' || c == '.' || c == ':' || c == '@' || c == '-';
    }
}
