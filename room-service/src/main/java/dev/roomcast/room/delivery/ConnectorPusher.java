package dev.roomcast.room.delivery;

import java.util.function.Supplier;
import com.google.protobuf.UnsafeByteOperations;
import dev.roomcast.proto.v1.ConnectorInfo;
import dev.roomcast.proto.v1.PushBlockRequest;
import dev.roomcast.proto.v1.PushUserRequest;
import dev.roomcast.room.config.RoomConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Sends frames to connectors over gRPC without waiting: at most {@code maxInFlightPerConnector}
 * pushes per connector are outstanding; beyond that a push is dropped and counted (a slow or dead
 * connector cannot pile up memory here; clients recover missed blocks from the mailbox).
 */
@ApplicationScoped
public class ConnectorPusher {

    private static final Logger LOG = Logger.getLogger(ConnectorPusher.class);

    private final GrpcChannels channels;
    private final int maxInFlight;
    private final Duration timeout;
    private final ConcurrentHashMap<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final Counter sent;
    private final Counter failed;
    private final Counter dropped;

    public ConnectorPusher(GrpcChannels channels, RoomConfig config, MeterRegistry registry) {
        this.channels = channels;
        this.maxInFlight = config.push().maxInFlightPerConnector();
        this.timeout = Duration.ofMillis(config.push().callTimeoutMillis());
        this.sent = Counter.builder("roomcast_connector_pushes_total").tag("outcome", "sent")
                .description("Pushes to connectors by outcome").register(registry);
        this.failed = Counter.builder("roomcast_connector_pushes_total").tag("outcome", "failed").register(registry);
        this.dropped = Counter.builder("roomcast_connector_pushes_total").tag("outcome", "dropped_in_flight_limit")
                .register(registry);
    }

    /**
     * Writes a serialized Frame to every local member of an mcast on one connector; {@code maxMsgId} (the
     * block's highest persisted msgId, 0 = none) is where a viewer switched to polling after it reads from.
     */
    public void pushBlock(ConnectorInfo connector, String mcastId, byte[] frame, long maxMsgId) {
        pushBlock(connector, mcastId, frame, null, maxMsgId);
    }

    /** The same, with the block's compact form (null: none) for the connections that negotiated it. */
    public void pushBlock(ConnectorInfo connector, String mcastId, byte[] frame, byte[] compactFrame, long maxMsgId) {
        PushBlockRequest.Builder builder = PushBlockRequest.newBuilder().setMcastId(mcastId)
                .setFrame(UnsafeByteOperations.unsafeWrap(frame)).setMaxMsgId(maxMsgId);
        if (compactFrame != null) {
            builder.setCompactFrame(UnsafeByteOperations.unsafeWrap(compactFrame));
        }
        PushBlockRequest request = builder.build();
        push(connector, () -> channels.connector(connector.getGrpcAddress()).pushBlock(request).replaceWithVoid());
    }

    /** Writes a serialized Frame to every connection of one user on one connector. */
    public void pushUser(ConnectorInfo connector, String userId, byte[] frame) {
        PushUserRequest request = PushUserRequest.newBuilder().setUserId(userId)
                .setFrame(UnsafeByteOperations.unsafeWrap(frame)).build();
        push(connector, () -> channels.connector(connector.getGrpcAddress()).pushUser(request).replaceWithVoid());
    }

    private void push(ConnectorInfo connector, Supplier<Uni<Void>> call) {
        AtomicInteger count = inFlight.computeIfAbsent(connector.getConnectorId(), id -> new AtomicInteger());
        if (count.incrementAndGet() > maxInFlight) {
            count.decrementAndGet();
            dropped.increment();
            return;
        }
        Uni<Void> uni;
        try {
            uni = call.get();
        } catch (RuntimeException e) {
            count.decrementAndGet();
            failed.increment();
            LOG.debugf("push to %s not started: %s", connector.getConnectorId(), e.getMessage());
            return;
        }
        uni.ifNoItem().after(timeout).fail().subscribe().with(ok -> {
            count.decrementAndGet();
            sent.increment();
        }, failure -> {
            count.decrementAndGet();
            failed.increment();
            LOG.debugf("push to %s failed: %s", connector.getConnectorId(), failure.getMessage());
        });
    }
}
