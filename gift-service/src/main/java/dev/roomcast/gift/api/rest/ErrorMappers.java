package dev.roomcast.gift.api.rest;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.roomcast.gift.api.GiftError;
import dev.roomcast.gift.api.GiftException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Maps failures to {@code {"code","message"}} with a 4xx/5xx status; never a stack trace to a client. */
public class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    @ServerExceptionMapper
    public Response gift(GiftException e) {
        return respond(e.error(), e.getMessage());
    }

    @ServerExceptionMapper
    public Response unknownField(UnrecognizedPropertyException e) {
        return respond(GiftError.UNKNOWN_FIELD, "unknown field: " + e.getPropertyName());
    }

    // Built-in Jackson mappers are registered for these subtypes; more specific mappers win, so name them.
    @ServerExceptionMapper
    public Response unparsable(JsonParseException e) {
        return badJson(e);
    }

    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e) {
        return badJson(e);
    }

    @ServerExceptionMapper
    public Response badJson(JsonProcessingException e) {
        return respond(GiftError.BAD_JSON, "request body is not valid JSON for this API: " + e.getOriginalMessage());
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status == 400 && e.getCause() instanceof JsonProcessingException json) {
            return json instanceof UnrecognizedPropertyException u ? unknownField(u) : badJson(json);
        }
        String code = status == 404 ? "NOT_FOUND" : status == 405 ? "METHOD_NOT_ALLOWED"
                : status == 415 ? "UNSUPPORTED_MEDIA_TYPE" : status < 500 ? "BAD_REQUEST" : GiftError.INTERNAL.name();
        return Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(new ErrorBody(code, e.getMessage() == null ? "request failed" : e.getMessage())).build();
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        LOG.error("unexpected failure in gift REST API", e);
        return respond(GiftError.INTERNAL, "internal error");
    }

    static Response respond(GiftError error, String message) {
        return Response.status(error.httpStatus()).type(MediaType.APPLICATION_JSON)
                .entity(new ErrorBody(error.name(), message)).build();
    }
}
