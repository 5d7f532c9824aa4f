package dev.roomcast.room.api.rest;

import dev.roomcast.room.mode.DeliveryModes;
import dev.roomcast.room.mode.DeliveryPolicy;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Operator API of a room's delivery mode (service credential; PUT needs scope {@code admin}, see
 * ServiceAuthFilter): {@code poll} moves the room's viewers to short polling, {@code push} brings them back.
 */
@Path("/v1/rooms/{roomId}/delivery")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class DeliveryResource {

    /** {@code mode}: push|poll; {@code untilMs}: poll only, epoch ms in the future, then push again. */
    @RegisterForReflection
    public record DeliveryBody(String mode, String reason, Long untilMs) {
    }

    /** The room's mode; {@code sinceMs} 0 = never set (push by default), {@code untilMs} 0 = no end. */
    @RegisterForReflection
    public record DeliveryView(String roomId, String mode, String reason, long sinceMs, long untilMs) {
        static DeliveryView of(String roomId, DeliveryPolicy p) {
            return new DeliveryView(roomId, p.mode().wire(), p.reason(), p.sinceMs(), p.untilMs());
        }
    }

    /** The change and what it reached: viewers the connectors are switching, connectors asked and failed. */
    @RegisterForReflection
    public record DeliveryChange(String roomId, String mode, String reason, long sinceMs, long untilMs, int viewers,
                                 int connectors, int failedConnectors) {
    }

    private final DeliveryModes modes;

    DeliveryResource(DeliveryModes modes) {
        this.modes = modes;
    }

    @GET
    public Uni<DeliveryView> get(@PathParam("roomId") String roomId) {
        return modes.get(roomId).map(p -> DeliveryView.of(roomId, p));
    }

    @PUT
    public Uni<DeliveryChange> put(@PathParam("roomId") String roomId, DeliveryBody body) {
        if (body == null) {
            throw dev.roomcast.room.api.ApiError.EMPTY_BODY.exception("a body {mode, reason, untilMs?} is required");
        }
        return modes.set(roomId, body.mode(), body.reason(), body.untilMs()).map(a -> new DeliveryChange(roomId,
                a.policy().mode().wire(), a.policy().reason(), a.policy().sinceMs(), a.policy().untilMs(),
                a.reach().viewers(), a.reach().connectors(), a.reach().failed()));
    }
}
