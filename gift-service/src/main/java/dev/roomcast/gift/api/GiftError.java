package dev.roomcast.gift.api;

import io.grpc.Status;

/** Typed error codes of the gift API: the same code on REST (JSON body) and gRPC (status description). */
public enum GiftError {
    MISSING_FIELD(400, Status.Code.INVALID_ARGUMENT),
    INVALID_FIELD(400, Status.Code.INVALID_ARGUMENT),
    /** A room id outside the shared definition ({@code dev.roomcast.common.ids.Ids}): the same code in every service. */
    BAD_ROOM(400, Status.Code.INVALID_ARGUMENT),
    /** A user id outside the shared definition. */
    BAD_USER(400, Status.Code.INVALID_ARGUMENT),
    FIELD_TOO_LONG(400, Status.Code.INVALID_ARGUMENT),
    UNKNOWN_FIELD(400, Status.Code.INVALID_ARGUMENT),
    BAD_JSON(400, Status.Code.INVALID_ARGUMENT),
    ACK_BEYOND_LAST(400, Status.Code.OUT_OF_RANGE),
    UNAUTHORIZED(401, Status.Code.UNAUTHENTICATED),
    FORBIDDEN(403, Status.Code.PERMISSION_DENIED),
    ORDER_CONFLICT(409, Status.Code.ALREADY_EXISTS),
    UNAVAILABLE(503, Status.Code.UNAVAILABLE),
    INTERNAL(500, Status.Code.INTERNAL);

    private final int httpStatus;
    private final Status.Code grpcCode;

    GiftError(int httpStatus, Status.Code grpcCode) {
        this.httpStatus = httpStatus;
        this.grpcCode = grpcCode;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public Status.Code grpcCode() {
        return grpcCode;
    }
}
