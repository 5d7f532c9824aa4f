package dev.roomcast.room.api.rest;

import dev.roomcast.proto.v1.ConnectorInfo;
import dev.roomcast.room.route.ConnectorRegistry;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The dispatcher: where a client should connect. Live, non-draining connectors, least loaded first
 * (ties by id, so the answer is stable). Answered from this instance's view of live connectors (refreshed
 * every sweep, about a second; a lease renewal reaching this instance updates it at once), never a Redis
 * round trip: under a join storm, when Redis and room-service are busiest, the dispatcher stays fast.
 */
@Path("/v1/dispatch")
@Produces(MediaType.APPLICATION_JSON)
public class DispatchResource {

    @RegisterForReflection
    public record Endpoint(String connectorId, String wsUrl, String tcpAddress, int connections) {
    }

    @RegisterForReflection
    public record Dispatch(String roomId, List<Endpoint> connectors) {
    }

    private final ConnectorRegistry connectors;

    public DispatchResource(ConnectorRegistry connectors) {
        this.connectors = connectors;
    }

    @GET
    public Uni<Dispatch> dispatch(@QueryParam("roomId") String roomId) {
        if (roomId != null && !dev.roomcast.common.ids.Ids.isRoomId(roomId)) {
            throw dev.roomcast.room.api.ApiError.BAD_ROOM.exception(dev.roomcast.common.ids.Ids.ROOM_ID_RULE);
        }
        Map<String, ConnectorInfo> live = connectors.live();
        return Uni.createFrom().item(new Dispatch(roomId, live.values().stream()
                .filter(c -> !c.getDraining())
                .sorted(Comparator.comparingInt(ConnectorInfo::getConnections).thenComparing(ConnectorInfo::getConnectorId))
                .map(c -> new Endpoint(c.getConnectorId(), c.getWsUrl(), c.getTcpAddress(), c.getConnections()))
                .toList()));
    }
}
