package dev.roomcast.gift.api.rest;

import dev.roomcast.gift.api.GiftError;
import dev.roomcast.gift.api.GiftException;
import dev.roomcast.gift.api.GiftValidator;
import dev.roomcast.gift.auth.Callers;
import dev.roomcast.gift.channel.GiftChannel;
import dev.roomcast.gift.ledger.GiftPage;
import dev.roomcast.gift.ledger.Totals;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

/**
 * The anchor's REST fallback when the long connection fails: gift history after a sequence (paged),
 * ack, and the dashboard totals. Only the room's anchor (token {@code rooms} claim) and services.
 */
@Path("/v1/rooms/{roomId}/gifts")
@Produces(MediaType.APPLICATION_JSON)
public class RoomGiftsResource {

    private final GiftChannel channel;
    private final GiftValidator validator;
    private final Callers callers;

    RoomGiftsResource(GiftChannel channel, GiftValidator validator, Callers callers) {
        this.channel = channel;
        this.validator = validator;
        this.callers = callers;
    }

    @GET
    public Uni<GiftPage> history(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                 @PathParam("roomId") String roomId,
                                 @QueryParam("afterSeq") String afterSeq,
                                 @QueryParam("limit") String limit) {
        // Query parameters arrive as text: a malformed number is a typed 400, not the framework's 404.
        String room = validator.roomId("roomId", roomId);
        callers.requireAnchorOrService(authorization, room);
        long after = validator.seq("afterSeq", validator.number("afterSeq", afterSeq));
        long max = validator.number("limit", limit);
        if (max < 0 || max > Integer.MAX_VALUE) {
            throw new GiftException(GiftError.INVALID_FIELD, "limit must be 0 (default) or a positive integer");
        }
        return channel.pull(room, after, (int) max);
    }

    @GET
    @Path("/totals")
    public Uni<Totals> totals(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                              @PathParam("roomId") String roomId) {
        String room = validator.roomId("roomId", roomId);
        callers.requireAnchorOrService(authorization, room);
        return channel.totals(room);
    }

    @POST
    @Path("/ack")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<AckReplyBody> ack(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                 @PathParam("roomId") String roomId, AckBody body) {
        String room = validator.roomId("roomId", roomId);
        var principal = callers.requireAnchorOrService(authorization, room);
        if (body == null || body.seq() == null) {
            throw new GiftException(GiftError.MISSING_FIELD, "seq is required");
        }
        long seq = validator.seq("seq", body.seq());
        return channel.ack(room, principal.userId(), seq).map(r -> new AckReplyBody(room, r.ackedSeq()));
    }
}
