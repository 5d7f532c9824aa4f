package dev.roomcast.connector.bench;

import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.stub.ServerCalls;
import java.util.Set;

/** Binds every method a benchmark stand-in does not serve to UNIMPLEMENTED (grpc-java requires all bound). */
final class Unimplemented {

    private Unimplemented() {
    }

    static ServerServiceDefinition.Builder rest(ServerServiceDefinition.Builder builder, ServiceDescriptor service,
            Set<MethodDescriptor<?, ?>> bound) {
        for (MethodDescriptor<?, ?> method : service.getMethods()) {
            if (!bound.contains(method)) {
                add(builder, method);
            }
        }
        return builder;
    }

    private static <Q, A> void add(ServerServiceDefinition.Builder builder, MethodDescriptor<Q, A> method) {
        builder.addMethod(method, ServerCalls.<Q, A>asyncUnaryCall(
                (request, reply) -> reply.onError(Status.UNIMPLEMENTED.asRuntimeException())));
    }
}
