package dev.roomcast.gift.api;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/** A request-level failure with a typed code; mapped to REST {code,message} or a gRPC status. */
public final class GiftException extends RuntimeException {

    private final GiftError error;

    public GiftException(GiftError error, String message) {
        super(message, null, false, false);
        this.error = error;
    }

    public GiftError error() {
        return error;
    }

    public StatusRuntimeException toStatus() {
        return Status.fromCode(error.grpcCode()).withDescription(error.name() + ": " + getMessage()).asRuntimeException();
    }
}
