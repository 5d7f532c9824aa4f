package dev.roomcast.gift.api.grpc;

import dev.roomcast.common.auth.Scopes;
import dev.roomcast.gift.api.GiftException;
import dev.roomcast.gift.auth.Callers;
import dev.roomcast.gift.auth.ServiceCredential;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import jakarta.enterprise.context.ApplicationScoped;

/** GiftService is called by the payment backend and by connectors relaying anchors: service tokens only. */
@ApplicationScoped
public class ServiceAuthInterceptor implements ServerInterceptor {

    private final Callers callers;

    ServiceAuthInterceptor(Callers callers) {
        this.callers = callers;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                       ServerCallHandler<Q, R> next) {
        try {
            // Per method (common Scopes table): recording a paid gift needs gift.send; relaying an anchor's ack or pull, gift.relay.
            callers.requireService(headers.get(ServiceCredential.AUTHORIZATION),
                    Scopes.forGrpcMethod(call.getMethodDescriptor().getFullMethodName()));
        } catch (GiftException e) {
            call.close(e.toStatus().getStatus(), new Metadata());
            return new ServerCall.Listener<>() { };
        }
        return next.startCall(call, headers);
    }
}
