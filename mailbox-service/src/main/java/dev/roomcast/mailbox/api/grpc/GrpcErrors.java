package dev.roomcast.mailbox.api.grpc;

import dev.roomcast.mailbox.support.ErrorCodes;
import dev.roomcast.mailbox.support.MailboxException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/** Typed failures to gRPC statuses; the description starts with the error code ("BAD_LIMIT: ..."). */
final class GrpcErrors {

    private GrpcErrors() {
    }

    static Throwable toStatus(Throwable failure) {
        if (failure instanceof StatusRuntimeException) {
            return failure;
        }
        if (failure instanceof MailboxException e) {
            Status status = switch (e.kind()) {
                case INVALID_INPUT -> Status.INVALID_ARGUMENT;
                case OVERLOADED -> Status.RESOURCE_EXHAUSTED;
                case UNAVAILABLE -> Status.UNAVAILABLE;
                case UNAUTHENTICATED -> Status.UNAUTHENTICATED;
                case FORBIDDEN -> Status.PERMISSION_DENIED;
            };
            return status.withDescription(e.code() + ": " + e.getMessage()).asRuntimeException();
        }
        // PostgreSQL or Redis failed under a read: retryable, never a stack trace to the caller.
        return Status.UNAVAILABLE.withDescription(ErrorCodes.STORE_UNAVAILABLE + ": store unavailable, retry")
                .asRuntimeException();
    }
}
