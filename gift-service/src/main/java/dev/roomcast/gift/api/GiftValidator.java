package dev.roomcast.gift.api;

import dev.roomcast.common.ids.Ids;
import dev.roomcast.gift.config.GiftConfig;
import dev.roomcast.gift.ledger.SendCommand;
import jakarta.enterprise.context.ApplicationScoped;

/** Checks a send before it reaches the ledger; the limits match the ledger's column sizes. */
@ApplicationScoped
public class GiftValidator {

    public static final int ID_MAX_CHARS = 64;
    public static final int NAME_MAX_CHARS = 128;

    private final GiftConfig config;

    GiftValidator(GiftConfig config) {
        this.config = config;
    }

    /** Nullable boxed numbers: REST leaves them null when absent, gRPC passes 0 (also refused). */
    public SendCommand send(String orderId, String roomId, String fromUserId, String fromNickname,
                            String giftId, String giftName, Integer count, Long unitValue) {
        String order = required("orderId", orderId, ID_MAX_CHARS);
        String room = roomId("roomId", roomId);
        String from = userId("fromUser", fromUserId);
        String nickname = optional("fromNickname", fromNickname, ID_MAX_CHARS);
        String gift = required("giftId", giftId, ID_MAX_CHARS);
        String name = optional("giftName", giftName, NAME_MAX_CHARS);
        if (count == null) {
            throw new GiftException(GiftError.MISSING_FIELD, "count is required");
        }
        if (count <= 0 || count > config.countMax()) {
            throw new GiftException(GiftError.INVALID_FIELD, "count must be 1.." + config.countMax());
        }
        if (unitValue == null) {
            throw new GiftException(GiftError.MISSING_FIELD, "unitValue is required");
        }
        if (unitValue <= 0 || unitValue > config.unitValueMax()) {
            throw new GiftException(GiftError.INVALID_FIELD, "unitValue must be 1.." + config.unitValueMax());
        }
        return new SendCommand(order, room, from, nickname, gift, name, count, unitValue);
    }

    /** A room id as every service defines it ({@link Ids}): a gift to a room no viewer can join is refused up front. */
    public String roomId(String field, String value) {
        String id = required(field, value, Integer.MAX_VALUE);
        if (!Ids.isRoomId(id)) {
            throw new GiftException(GiftError.BAD_ROOM, field + ": " + Ids.ROOM_ID_RULE);
        }
        return id;
    }

    public String userId(String field, String value) {
        String id = required(field, value, Integer.MAX_VALUE);
        if (!Ids.isUserId(id)) {
            throw new GiftException(GiftError.BAD_USER, field + ": " + Ids.USER_ID_RULE);
        }
        return id;
    }

    /** A numeric query parameter; absent or empty is 0. */
    public long number(String field, String raw) {
        if (raw == null || raw.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw new GiftException(GiftError.INVALID_FIELD, field + " must be an integer");
        }
    }

    public long seq(String field, long value) {
        if (value < 0) {
            throw new GiftException(GiftError.INVALID_FIELD, field + " must not be negative");
        }
        return value;
    }

    private static String required(String field, String value, int maxChars) {
        if (value == null || value.isBlank()) {
            throw new GiftException(GiftError.MISSING_FIELD, field + " is required");
        }
        return checkLength(field, value, maxChars);
    }

    private static String optional(String field, String value, int maxChars) {
        return value == null ? "" : checkLength(field, value, maxChars);
    }

    private static String checkLength(String field, String value, int maxChars) {
        if (value.length() > maxChars) {
            throw new GiftException(GiftError.FIELD_TOO_LONG, field + " is longer than " + maxChars + " characters");
        }
        return value;
    }
}
