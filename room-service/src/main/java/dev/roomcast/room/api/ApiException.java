package dev.roomcast.room.api;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/** A request the API refuses, with its typed code; never carries a stack trace to the client. */
public final class ApiException extends RuntimeException {

    private final ApiError error;

    public ApiException(ApiError error, String message) {
        super(message, null, false, false);
        this.error = error;
    }

    public ApiError error() {
        return error;
    }

    public StatusRuntimeException toStatus() {
        return Status.fromCode(error.grpcCode()).withDescription(error.code() + ": " + getMessage()).asRuntimeException();
    }
}
