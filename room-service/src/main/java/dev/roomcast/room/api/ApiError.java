package dev.roomcast.room.api;

import io.grpc.Status;

/**
 * Typed errors of the publish and membership APIs: one code for REST bodies and gRPC descriptions.
 * Codes are UPPER_SNAKE_CASE like every Roomcast REST API (the README's error-code section).
 */
public enum ApiError {
    UNAUTHORIZED("UNAUTHORIZED", 401, Status.Code.UNAUTHENTICATED),
    FORBIDDEN("FORBIDDEN", 403, Status.Code.PERMISSION_DENIED),
    UNKNOWN_TYPE("UNKNOWN_TYPE", 400, Status.Code.INVALID_ARGUMENT),
    TYPE_NOT_ALLOWED("TYPE_NOT_ALLOWED", 400, Status.Code.INVALID_ARGUMENT),
    BAD_TARGET("BAD_TARGET", 400, Status.Code.INVALID_ARGUMENT),
    EMPTY_BODY("EMPTY_BODY", 400, Status.Code.INVALID_ARGUMENT),
    BODY_TOO_LARGE("BODY_TOO_LARGE", 413, Status.Code.INVALID_ARGUMENT),
    MISSING_ROOM("MISSING_ROOM", 400, Status.Code.INVALID_ARGUMENT),
    BAD_ROOM("BAD_ROOM", 400, Status.Code.INVALID_ARGUMENT),
    MISSING_USER("MISSING_USER", 400, Status.Code.INVALID_ARGUMENT),
    BAD_USER("BAD_USER", 400, Status.Code.INVALID_ARGUMENT),
    BAD_PRIORITY("BAD_PRIORITY", 400, Status.Code.INVALID_ARGUMENT),
    BAD_TTL("BAD_TTL", 400, Status.Code.INVALID_ARGUMENT),
    BAD_GIFT_VALUE("BAD_GIFT_VALUE", 400, Status.Code.INVALID_ARGUMENT),
    BAD_REQUEST("BAD_REQUEST", 400, Status.Code.INVALID_ARGUMENT),
    BAD_MCAST("BAD_MCAST", 400, Status.Code.INVALID_ARGUMENT),
    MISSING_CONNECTOR("MISSING_CONNECTOR", 400, Status.Code.INVALID_ARGUMENT),
    BAD_DICTIONARY_ID("BAD_DICTIONARY_ID", 400, Status.Code.INVALID_ARGUMENT),
    UNKNOWN_DICTIONARY("UNKNOWN_DICTIONARY", 404, Status.Code.NOT_FOUND),
    OVERLOADED("OVERLOADED", 503, Status.Code.RESOURCE_EXHAUSTED),
    APPEND_QUEUE_FULL("APPEND_QUEUE_FULL", 503, Status.Code.RESOURCE_EXHAUSTED),
    BAD_PUBLISH_ID("BAD_PUBLISH_ID", 400, Status.Code.INVALID_ARGUMENT),
    BAD_MODE("BAD_MODE", 400, Status.Code.INVALID_ARGUMENT),
    BAD_UNTIL("BAD_UNTIL", 400, Status.Code.INVALID_ARGUMENT),
    UNAVAILABLE("UNAVAILABLE", 503, Status.Code.UNAVAILABLE);

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
