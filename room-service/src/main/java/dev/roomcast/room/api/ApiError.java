package dev.roomcast.room.api;

import io.grpc.Status;

/** Typed errors of the publish and membership APIs: one code for REST bodies and gRPC descriptions. */
public enum ApiError {
    UNAUTHORIZED("unauthorized", 401, Status.Code.UNAUTHENTICATED),
    FORBIDDEN("forbidden", 403, Status.Code.PERMISSION_DENIED),
    UNKNOWN_TYPE("unknown_type", 400, Status.Code.INVALID_ARGUMENT),
    TYPE_NOT_ALLOWED("type_not_allowed", 400, Status.Code.INVALID_ARGUMENT),
    BAD_TARGET("bad_target", 400, Status.Code.INVALID_ARGUMENT),
    EMPTY_BODY("empty_body", 400, Status.Code.INVALID_ARGUMENT),
    BODY_TOO_LARGE("body_too_large", 413, Status.Code.INVALID_ARGUMENT),
    MISSING_ROOM("missing_room", 400, Status.Code.INVALID_ARGUMENT),
    BAD_ROOM("bad_room", 400, Status.Code.INVALID_ARGUMENT),
    MISSING_USER("missing_user", 400, Status.Code.INVALID_ARGUMENT),
    BAD_PRIORITY("bad_priority", 400, Status.Code.INVALID_ARGUMENT),
    BAD_TTL("bad_ttl", 400, Status.Code.INVALID_ARGUMENT),
    BAD_GIFT_VALUE("bad_gift_value", 400, Status.Code.INVALID_ARGUMENT),
    BAD_REQUEST("bad_request", 400, Status.Code.INVALID_ARGUMENT),
    BAD_MCAST("bad_mcast", 400, Status.Code.INVALID_ARGUMENT),
    MISSING_CONNECTOR("missing_connector", 400, Status.Code.INVALID_ARGUMENT),
    BAD_DICTIONARY_ID("bad_dictionary_id", 400, Status.Code.INVALID_ARGUMENT),
    UNKNOWN_DICTIONARY("unknown_dictionary", 404, Status.Code.NOT_FOUND),
    OVERLOADED("overloaded", 503, Status.Code.RESOURCE_EXHAUSTED),
    APPEND_QUEUE_FULL("append_queue_full", 503, Status.Code.RESOURCE_EXHAUSTED),
    BAD_PUBLISH_ID("bad_publish_id", 400, Status.Code.INVALID_ARGUMENT),
    UNAVAILABLE("unavailable", 503, Status.Code.UNAVAILABLE);

    private final String code;
    private final int httpStatus;
    private final Status.Code grpcCode;

    ApiError(String code, int httpStatus, Status.Code grpcCode) {
        this.code = code;
        this.httpStatus = httpStatus;
        this.grpcCode = grpcCode;
    }

    public String code() {
        return code;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public Status.Code grpcCode() {
        return grpcCode;
    }

    public ApiException exception(String message) {
        return new ApiException(this, message);
    }
}
