package dev.roomcast.room.publish;

import dev.roomcast.proto.v1.PublishReply;
import dev.roomcast.proto.v1.PublishRequest;
import dev.roomcast.room.config.RoomConfig;
import dev.roomcast.room.delivery.GrpcChannels;
import dev.roomcast.room.ownership.InstanceRegistry;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/** Sends a room publish that reached a non-owner to the owner, marked forwarded so it is never forwarded twice. */
@ApplicationScoped
public class OwnerForwarder {

    private final GrpcChannels channels;
    private final Duration timeout;
    private final Counter forwarded;
    private final Counter unreachable;

    public OwnerForwarder(GrpcChannels channels, RoomConfig config, MeterRegistry registry) {
        this.channels = channels;
        this.timeout = Duration.ofMillis(config.publish().forwardTimeoutMillis());
        this.forwarded = Counter.builder("roomcast_publish_forwards_total").tag("outcome", "forwarded")
                .description("Room publishes forwarded to the owner instance").register(registry);
        this.unreachable = Counter.builder("roomcast_publish_forwards_total").tag("outcome", "owner_unreachable")
                .register(registry);
    }

    public Uni<PublishReply> forward(InstanceRegistry.Instance owner, PublishRequest request) {
        return channels.room(owner.grpcAddress()).publish(request.toBuilder().setForwarded(true).build())
                .ifNoItem().after(timeout).fail()
                .invoke(reply -> forwarded.increment());
    }

    /** True when the owner could not be reached (as opposed to refusing the request): the caller may serve it. */
    public boolean isUnreachable(Throwable failure) {
        boolean down = failure instanceof TimeoutException
                || (failure instanceof StatusRuntimeException s && (s.getStatus().getCode() == Status.Code.UNAVAILABLE
                || s.getStatus().getCode() == Status.Code.DEADLINE_EXCEEDED))
                || !(failure instanceof StatusRuntimeException);
        if (down) {
            unreachable.increment();
        }
        return down;
    }
}
