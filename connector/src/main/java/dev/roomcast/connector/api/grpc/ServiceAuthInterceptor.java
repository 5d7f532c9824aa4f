package dev.roomcast.connector.api.grpc;

import dev.roomcast.common.auth.Scopes;
import dev.roomcast.connector.backend.ServiceCredentials;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.quarkus.grpc.GlobalInterceptor;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Only service credentials with the method's scope ({@link Scopes}: pushes and kicks need {@code delivery},
 * drains {@code admin}) reach roomcast.v1 services here; reflection and health stay open.
 */
@GlobalInterceptor
@ApplicationScoped
public class ServiceAuthInterceptor implements ServerInterceptor {

    private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final ServiceCredentials credentials;

    ServiceAuthInterceptor(ServiceCredentials credentials) {
        this.credentials = credentials;
    }

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
        String service = call.getMethodDescriptor().getServiceName();
        if (service == null || !service.startsWith("roomcast.v1.")) {
            return next.startCall(call, headers);
        }
        var refusal = credentials.refusal(headers.get(AUTHORIZATION),
                Scopes.forGrpcMethod(call.getMethodDescriptor().getFullMethodName()));
        if (refusal.isPresent()) {
            Status status = refusal.get().unauthenticated()
                    ? Status.UNAUTHENTICATED.withDescription("UNAUTHORIZED: " + refusal.get().message())
                    : Status.PERMISSION_DENIED.withDescription("FORBIDDEN: " + refusal.get().message());
            call.close(status, new Metadata());
            return new ServerCall.Listener<>() { };
        }
        return next.startCall(call, headers);
    }
}
