package dev.roomcast.room.mode;

import dev.roomcast.proto.v1.ConnectorInfo;
import dev.roomcast.proto.v1.SetDeliveryModeReply;
import dev.roomcast.proto.v1.SetDeliveryModeRequest;
import dev.roomcast.room.config.RoomConfig;
import dev.roomcast.room.delivery.GrpcChannels;
import dev.roomcast.room.membership.Keys;
import dev.roomcast.room.membership.RedisMembershipStore;
import dev.roomcast.room.route.ConnectorRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Tells the connectors in a room's route its mode: one SetDeliveryMode call each, in parallel. Connectors
 * spread the switch of their viewers over the window themselves. A connector that joins the room later
 * learns the mode from its JoinReply.
 */
@ApplicationScoped
public class ModePropagator {

    /** What a propagation reached: local viewers the connectors will switch, connectors asked, connectors that failed. */
    public record Reach(int viewers, int connectors, int failed) {
    }

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(3);

    private final RedisMembershipStore membership;
    private final ConnectorRegistry connectors;
    private final GrpcChannels channels;
    private final int windowMillis;

    ModePropagator(RedisMembershipStore membership, ConnectorRegistry connectors, GrpcChannels channels, RoomConfig config) {
        this.membership = membership;
        this.connectors = connectors;
        this.channels = channels;
        this.windowMillis = config.delivery().switchWindowMillis();
    }

    public Uni<Reach> propagate(String roomId, DeliveryPolicy policy) {
        SetDeliveryModeRequest request = SetDeliveryModeRequest.newBuilder().setRoomId(roomId)
                .setMode(policy.mode().proto()).setReason(policy.reason()).setSpreadWindowMs(windowMillis).build();
        return membership.route(Keys.roomMcast(roomId)).chain(route -> {
            Map<String, ConnectorInfo> live = connectors.live();
            List<Uni<Integer>> calls = new ArrayList<>();
            for (String connectorId : route.keySet()) {
                ConnectorInfo connector = live.get(connectorId);
                if (connector != null) {
                    calls.add(channels.connector(connector.getGrpcAddress()).setDeliveryMode(request)
                            .ifNoItem().after(CALL_TIMEOUT).fail()
                            .map(SetDeliveryModeReply::getViewers)
                            .onFailure().recoverWithItem(-1));
                }
            }
            if (calls.isEmpty()) {
                return Uni.createFrom().item(new Reach(0, 0, 0));
            }
            return Uni.join().all(calls).andFailFast().map(results -> {
                int viewers = 0;
                int failed = 0;
                for (int n : results) {
                    if (n < 0) {
                        failed++;
                    } else {
                        viewers += n;
                    }
                }
                return new Reach(viewers, results.size(), failed);
            });
        });
    }
}
