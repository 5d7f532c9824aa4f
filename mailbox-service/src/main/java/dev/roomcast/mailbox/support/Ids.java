package dev.roomcast.mailbox.support;

import dev.roomcast.mailbox.timeline.MailboxKind;

/** Validation of ids, limits and cursors shared by the REST and gRPC edges. */
public final class Ids {

    private static final int MAX_ID_CHARS = 128;

    private Ids() {
    }

    /** The room id every service accepts ({@link dev.roomcast.common.ids.Ids}), refused with the same code. */
    public static String roomId(String roomId) {
        if (!dev.roomcast.common.ids.Ids.isRoomId(roomId)) {
            throw MailboxException.invalid(ErrorCodes.BAD_ROOM, "roomId: " + dev.roomcast.common.ids.Ids.ROOM_ID_RULE);
        }
        return roomId;
    }

    /** @return the kind of a well-formed mailbox id such as {@code room:42} */
    public static MailboxKind mbox(String mboxId) {
        MailboxKind kind = mboxId == null ? null : MailboxKind.ofMbox(mboxId);
        if (kind == null || mboxId.length() > MAX_ID_CHARS + 5 || mboxId.length() == kind.prefix().length() + 1
                || !printable(mboxId)) {
            throw MailboxException.invalid(ErrorCodes.BAD_MAILBOX,
                    "mboxId must be room:{roomId}, gift:{roomId}, user:{userId} or global");
        }
        return kind;
    }

    /** A limit from a request; 0 or absent means the default. */
    public static int limit(Integer limit, int defaultLimit, int maxLimit) {
        if (limit == null || limit == 0) {
            return defaultLimit;
        }
        if (limit < 0 || limit > maxLimit) {
            throw MailboxException.invalid(ErrorCodes.BAD_LIMIT, "limit must be between 1 and " + maxLimit);
        }
        return limit;
    }

    /** Parses a REST limit (a string so that a malformed one gets a typed error rather than a 404). */
    public static int limit(String limit, int defaultLimit, int maxLimit) {
        if (limit == null || limit.isEmpty()) {
            return defaultLimit;
        }
        try {
            long value = Long.parseLong(limit);
            if (value <= 0 || value > maxLimit) {
                throw MailboxException.invalid(ErrorCodes.BAD_LIMIT, "limit must be between 1 and " + maxLimit);
            }
            return (int) value;
        } catch (NumberFormatException e) {
            throw MailboxException.invalid(ErrorCodes.BAD_LIMIT, "limit must be an integer between 1 and " + maxLimit);
        }
    }

    /** Parses a REST flag: absent or empty = false, else exactly {@code true} or {@code false} (BAD_FLAG otherwise). */
    public static boolean flag(String name, String value) {
        if (value == null || value.isEmpty() || value.equals("false")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        throw MailboxException.invalid(ErrorCodes.BAD_FLAG, name + " must be true or false");
    }

    /** Parses a cursor (a msgId, 0 or more); null when absent. */
    public static Long cursor(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        try {
            return cursor(Long.parseLong(cursor));
        } catch (NumberFormatException e) {
            throw MailboxException.invalid(ErrorCodes.BAD_CURSOR, "cursor must be a msgId (a non-negative integer)");
        }
    }

    public static long cursor(long cursor) {
        if (cursor < 0) {
            throw MailboxException.invalid(ErrorCodes.BAD_CURSOR, "cursor must be a msgId (a non-negative integer)");
        }
        return cursor;
    }

    private static boolean printable(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= ' ' || c == 0x7f) {
                return false;
            }
        }
        return true;
    }
}
