package dev.roomcast.room.publish;

import dev.roomcast.common.ids.Ids;
import dev.roomcast.proto.v1.MessageType;
import dev.roomcast.proto.v1.PublishRequest;
import dev.roomcast.proto.v1.PublishTarget;
import dev.roomcast.room.api.ApiError;
import dev.roomcast.room.config.RoomConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Set;

/**
 * Checks a publish before anything is assigned or queued, so a refused request has no effect. One
 * rule per check; the first broken one is reported with its typed code.
 */
@ApplicationScoped
public class PublishValidator {

    /** publishIds are opaque keys (gift-service sends gift:<orderId>): the id characters, up to max-id-chars. */
    private static final java.util.regex.Pattern PUBLISH_ID = java.util.regex.Pattern.compile("[A-Za-z0-9_.:@\\-]+");

    /** Event-like types whose body may be empty (aggregated into "alice and 1,234 others entered"). */
    private static final Set<MessageType> BODY_OPTIONAL = EnumSet.of(MessageType.ENTER, MessageType.LIKE, MessageType.LEAVE);
    private static final Set<MessageType> ROOM_TYPES = EnumSet.of(MessageType.CHAT, MessageType.GIFT, MessageType.ENTER,
            MessageType.LEAVE, MessageType.LIKE, MessageType.PK, MessageType.NOTIFY, MessageType.SYSTEM);
    private static final Set<MessageType> GLOBAL_TYPES = EnumSet.of(MessageType.BROADCAST, MessageType.SYSTEM);

    private final int maxBodyBytes;
    private final int maxIdChars;

    public PublishValidator(RoomConfig config) {
        this.maxBodyBytes = config.publish().maxBodyBytes();
        this.maxIdChars = config.publish().maxIdChars();
    }

    /** The target a request means: unspecified is a room publish (proto3 default). */
    public static PublishTarget targetOf(PublishRequest request) {
        PublishTarget target = request.getTarget();
        return target == PublishTarget.PUBLISH_TARGET_UNSPECIFIED ? PublishTarget.ROOM : target;
    }

    public void validate(PublishRequest r) {
        PublishTarget target = targetOf(r);
        if (target == PublishTarget.UNRECOGNIZED) {
            throw ApiError.BAD_TARGET.exception("unknown target");
        }
        MessageType type = r.getType();
        if (type == MessageType.MESSAGE_TYPE_UNSPECIFIED || type == MessageType.UNRECOGNIZED) {
            throw ApiError.UNKNOWN_TYPE.exception("unknown message type");
        }
        switch (target) {
            case ROOM -> {
                requireRoomId(r.getRoomId());
                requireType(ROOM_TYPES.contains(type), type, "a room");
            }
            case USER -> {
                requireUserId(r.getUserId());
                requireType(type == MessageType.PRIVATE, type, "one user");
            }
            case GLOBAL -> requireType(GLOBAL_TYPES.contains(type), type, "every room");
            default -> throw ApiError.BAD_TARGET.exception("unknown target");
        }
        if (r.getBody().isEmpty() && !BODY_OPTIONAL.contains(type)) {
            throw ApiError.EMPTY_BODY.exception("body is empty");
        }
        int bodyBytes = utf8Length(r.getBody());
        if (bodyBytes > maxBodyBytes) {
            throw ApiError.BODY_TOO_LARGE.exception("body is " + bodyBytes + " bytes, at most " + maxBodyBytes);
        }
        if (r.getPriority() < 0 || r.getPriority() > 255) {
            throw ApiError.BAD_PRIORITY.exception("priority must be 0 (the type's default) or 1..255");
        }
        if (r.getTtlMs() < 0) {
            throw ApiError.BAD_TTL.exception("ttlMs must be >= 0");
        }
        if (r.getGiftValue() < 0) {
            throw ApiError.BAD_GIFT_VALUE.exception("giftValue must be >= 0");
        }
        if (r.getMsgId() < 0) {
            throw ApiError.BAD_REQUEST.exception("msgId must be >= 0");
        }
        if (r.getConflateKey().length() > maxIdChars) {
            throw ApiError.BAD_REQUEST.exception("conflateKey longer than " + maxIdChars);
        }
        if (!r.getPublishId().isEmpty() && (r.getPublishId().length() > maxIdChars
                || !PUBLISH_ID.matcher(r.getPublishId()).matches())) {
            throw ApiError.BAD_PUBLISH_ID.exception("publishId must be 1.." + maxIdChars
                    + " characters of [A-Za-z0-9_.:@-]");
        }
    }

    /** Room and user ids follow the one definition every service shares ({@link Ids}). */
    private static void requireRoomId(String id) {
        if (id.isEmpty()) {
            throw ApiError.MISSING_ROOM.exception("room id is required");
        }
        if (!Ids.isRoomId(id)) {
            throw ApiError.BAD_ROOM.exception(Ids.ROOM_ID_RULE);
        }
    }

    private static void requireUserId(String id) {
        if (id.isEmpty()) {
            throw ApiError.MISSING_USER.exception("user id is required");
        }
        if (!Ids.isUserId(id)) {
            throw ApiError.BAD_USER.exception(Ids.USER_ID_RULE);
        }
    }

    private static void requireType(boolean allowed, MessageType type, String target) {
        if (!allowed) {
            throw ApiError.TYPE_NOT_ALLOWED.exception(type + " cannot be published to " + target);
        }
    }

    private static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
