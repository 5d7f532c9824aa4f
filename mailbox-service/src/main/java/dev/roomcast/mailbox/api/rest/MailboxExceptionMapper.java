package dev.roomcast.mailbox.api.rest;

import dev.roomcast.mailbox.support.ErrorCodes;
import dev.roomcast.mailbox.support.MailboxException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every REST failure becomes {@code {"code","message"}} with a status; never a stack trace. */
public class MailboxExceptionMapper {

    private static final Logger LOG = Logger.getLogger(MailboxExceptionMapper.class);

    @ServerExceptionMapper
    public Response mailbox(MailboxException e) {
        int status = switch (e.kind()) {
            case INVALID_INPUT -> 400;
            case UNAUTHENTICATED -> 401;
            case FORBIDDEN -> 403;
            case OVERLOADED, UNAVAILABLE -> 503;
        };
        return json(status, e.code(), e.getMessage());
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        return json(status, status == 404 ? "NOT_FOUND" : "BAD_REQUEST", e.getMessage());
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        // Most likely PostgreSQL or Redis went away under a read: retryable, and say no more than that.
        LOG.warnf("request failed: %s", e.toString());
        return json(503, ErrorCodes.STORE_UNAVAILABLE, "the timeline store is unavailable; retry");
    }

    private static Response json(int status, String code, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(new Views.ApiError(code, message)).build();
    }
}
