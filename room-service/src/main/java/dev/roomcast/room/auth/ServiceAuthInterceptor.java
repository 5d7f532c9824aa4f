package dev.roomcast.room.auth;

import dev.roomcast.common.auth.Scopes;
import dev.roomcast.room.api.ApiException;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.quarkus.grpc.GlobalInterceptor;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Every RoomService call (connectors, gift-service, the platform backend, forwarding peers) carries a
 * service credential in the {@code authorization} metadata, with the method's scope from {@link Scopes}
 * (membership calls: connectors; Publish: backends, gift-service, peers). Reflection and health are left open.
 */
@ApplicationScoped
@GlobalInterceptor
public class ServiceAuthInterceptor implements ServerInterceptor {

    private final ServiceAuth auth;

    public ServiceAuthInterceptor(ServiceAuth auth) {
        this.auth = auth;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                      ServerCallHandler<Q, R> next) {
        String method = call.getMethodDescriptor().getFullMethodName();
        if (!method.startsWith("roomcast.v1.RoomService/")) {
            return next.startCall(call, headers);
        }
        try {
            auth.requireService(headers.get(OutboundCredentials.AUTHORIZATION), Scopes.forGrpcMethod(method));
        } catch (ApiException e) {
            Status status = e.toStatus().getStatus();
            call.close(status, new Metadata());
            return new ServerCall.Listener<>() { };
        }
        return next.startCall(call, headers);
    }
}
