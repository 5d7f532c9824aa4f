package dev.roomcast.mailbox.api.grpc;

import dev.roomcast.common.auth.Principal;
import dev.roomcast.common.auth.Scopes;
import dev.roomcast.common.auth.TokenException;
import dev.roomcast.common.auth.TokenVerifier;
import dev.roomcast.mailbox.config.MailboxConfig;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.quarkus.grpc.GlobalInterceptor;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * Internal gRPC calls must carry {@code authorization: Bearer <service credential>}, with the method's scope
 * from {@link Scopes} (AppendBatch: {@code mailbox.append}, room-service's); reads need no scope. User tokens
 * verify too, so that one sent here is refused as PERMISSION_DENIED. Reflection stays open.
 */
@ApplicationScoped
@GlobalInterceptor
public class ServiceTokenInterceptor implements ServerInterceptor {

    static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final TokenVerifier verifier;
    private final boolean required;

    public ServiceTokenInterceptor(MailboxConfig config) {
        this.verifier = new TokenVerifier(config.tokenSecrets(), config.serviceTokenSecrets());
        this.required = config.requireServiceToken();
    }

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
            ServerCallHandler<Q, A> next) {
        if (!required || call.getMethodDescriptor().getFullMethodName().startsWith("grpc.reflection.")) {
            return next.startCall(call, headers);
        }
        String header = headers.get(AUTHORIZATION);
        String problem = null;
        if (header == null || !header.startsWith("Bearer ")) {
            problem = "UNAUTHENTICATED: a service token is required (authorization: Bearer <jwt>)";
        } else {
            try {
                Principal who = verifier.verify(header.substring("Bearer ".length()).trim());
                Optional<String> refusal = Scopes.refusal(who, Scopes.forGrpcMethod(call.getMethodDescriptor().getFullMethodName()));
                if (refusal.isPresent()) {
                    call.close(Status.PERMISSION_DENIED.withDescription("FORBIDDEN: " + refusal.get()), new Metadata());
                    return new ServerCall.Listener<>() { };
                }
            } catch (TokenException e) {
                problem = "UNAUTHENTICATED: " + e.describe();
            }
        }
        if (problem != null) {
            call.close(Status.UNAUTHENTICATED.withDescription(problem), new Metadata());
            return new ServerCall.Listener<>() { };
        }
        return next.startCall(call, headers);
    }
}
