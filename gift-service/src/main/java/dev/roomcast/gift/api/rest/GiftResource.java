package dev.roomcast.gift.api.rest;

import dev.roomcast.gift.api.GiftError;
import dev.roomcast.gift.api.GiftException;
import dev.roomcast.gift.api.GiftValidator;
import dev.roomcast.gift.auth.Callers;
import dev.roomcast.gift.channel.GiftChannel;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The payment backend records a paid gift (service credential). 201 when recorded, 200 for a replay. */
@Path("/v1/gifts")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class GiftResource {

    private final GiftChannel channel;
    private final GiftValidator validator;
    private final Callers callers;

    GiftResource(GiftChannel channel, GiftValidator validator, Callers callers) {
        this.channel = channel;
        this.validator = validator;
        this.callers = callers;
    }

    @POST
    public Uni<Response> send(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, SendGiftBody body) {
        callers.requireScope(authorization, dev.roomcast.common.auth.Scopes.GIFT_SEND);
        if (body == null) {
            throw new GiftException(GiftError.BAD_JSON, "a JSON body is required");
        }
        var command = validator.send(body.orderId(), body.roomId(), body.fromUser(), body.fromNickname(),
                body.giftId(), body.giftName(), body.count(), body.unitValue());
        return channel.send(command).map(result -> Response
                .status(result.duplicate() ? Response.Status.OK : Response.Status.CREATED)
                .entity(new SendGiftReplyBody(result.gift(), result.duplicate()))
                .build());
    }
}
