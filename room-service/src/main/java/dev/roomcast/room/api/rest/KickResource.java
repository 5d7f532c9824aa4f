package dev.roomcast.room.api.rest;

import dev.roomcast.common.ids.Ids;
import dev.roomcast.proto.v1.ErrorCode;
import dev.roomcast.room.api.ApiError;
import dev.roomcast.room.kick.UserKicker;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Operator/backend API: close a user's connections everywhere (service credential, see ServiceAuthFilter). */
@Path("/v1/users/{userId}/kick")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class KickResource {

    private static final int MAX_REASON_CHARS = 200;

    /** {@code code}: KICKED (default) or BANNED; {@code reason} is shown to the client. */
    @RegisterForReflection
    public record KickBody(String code, String reason) {
    }

    @RegisterForReflection
    public record KickResult(String userId, String code, int closed, int connectors, int failedConnectors) {
    }

    private final UserKicker kicker;

    KickResource(UserKicker kicker) {
        this.kicker = kicker;
    }

    @POST
    public Uni<KickResult> kick(@PathParam("userId") String userId, KickBody body) {
        if (!Ids.isUserId(userId)) {
            throw ApiError.BAD_USER.exception(Ids.USER_ID_RULE);
        }
        String name = body == null || body.code() == null ? "KICKED" : body.code();
        ErrorCode code = switch (name) {
            case "KICKED" -> ErrorCode.KICKED;
            case "BANNED" -> ErrorCode.BANNED;
            default -> throw ApiError.BAD_REQUEST.exception("code must be KICKED or BANNED");
        };
        String reason = body == null || body.reason() == null ? "" : body.reason();
        if (reason.length() > MAX_REASON_CHARS) {
            throw ApiError.BAD_REQUEST.exception("reason longer than " + MAX_REASON_CHARS + " characters");
        }
        return kicker.kick(userId, code, reason)
                .map(o -> new KickResult(userId, code.name(), o.closed(), o.connectors(), o.failed()));
    }
}
