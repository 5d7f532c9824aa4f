package dev.roomcast.room.scheduler;

import dev.roomcast.proto.v1.ConnectorInfo;
import dev.roomcast.room.delivery.ConnectorPusher;
import dev.roomcast.room.membership.RedisMembershipStore;
import dev.roomcast.room.route.ConnectorRegistry;
import dev.roomcast.scheduler.BlockSink;
import dev.roomcast.scheduler.EncodedBlock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/**
 * A built block goes to every live connector in the route of its mcast: one PushBlock per connector,
 * never one per user. Runs on the scheduler thread, so the route read and the pushes are async.
 */
@ApplicationScoped
public class RouteBlockSink implements BlockSink {

    private final RedisMembershipStore membership;
    private final ConnectorRegistry connectors;
    private final ConnectorPusher pusher;
    private final Counter blocks;
    private final Counter noRoute;
    private final Counter routeFailed;
    private final Counter plainOnly;
    private final Counter withCompact;

    public RouteBlockSink(RedisMembershipStore membership, ConnectorRegistry connectors, ConnectorPusher pusher,
                          MeterRegistry registry) {
        this.membership = membership;
        this.connectors = connectors;
        this.pusher = pusher;
        this.blocks = Counter.builder("roomcast_blocks_total").tag("outcome", "routed")
                .description("Blocks built by the scheduler, by delivery outcome").register(registry);
        this.noRoute = Counter.builder("roomcast_blocks_total").tag("outcome", "no_route").register(registry);
        this.routeFailed = Counter.builder("roomcast_blocks_total").tag("outcome", "route_read_failed").register(registry);
        this.plainOnly = Counter.builder("roomcast_block_forms_total").tag("forms", "plain")
                .description("Blocks built, by the payload forms sent: plain only, or plain and compact").register(registry);
        this.withCompact = Counter.builder("roomcast_block_forms_total").tag("forms", "plain_and_compact").register(registry);
    }

    @Override
    public void send(EncodedBlock block) {
        (block.hasCompactForm() ? withCompact : plainOnly).increment();
        membership.route(block.mcastId()).subscribe().with(route -> deliver(block, route), failure -> routeFailed.increment());
    }

    private void deliver(EncodedBlock block, Map<String, Integer> route) {
        Map<String, ConnectorInfo> live = connectors.live();
        int targets = 0;
        for (String connectorId : route.keySet()) {
            ConnectorInfo connector = live.get(connectorId);
            if (connector != null) {
                pusher.pushBlock(connector, block.mcastId(), block.frameBytes(), block.compactFrameBytes(), block.pollCursor());
                targets++;
            }
        }
        (targets == 0 ? noRoute : blocks).increment();
    }
}
