package dev.roomcast.room.api.rest;

import dev.roomcast.room.api.ApiError;
import dev.roomcast.room.api.ApiException;
import dev.roomcast.room.membership.RedisPipeline;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Maps failures to {@code {"code","message"}} with a 4xx/5xx status; never a stack trace. */
public class RestErrors {

    private static final Logger LOG = Logger.getLogger(RestErrors.class);

    @ServerExceptionMapper
    public Response api(ApiException e) {
        return body(e.error(), e.getMessage());
    }

    @ServerExceptionMapper
    public Response overloaded(RedisPipeline.Overloaded e) {
        return body(ApiError.OVERLOADED, "too many requests queued, retry");
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status == 404) {
            return Response.status(404).type(MediaType.APPLICATION_JSON).entity(new ErrorBody("not_found", "no such resource")).build();
        }
        if (status == 405 || status == 415 || status == 406) {
            return Response.status(status).type(MediaType.APPLICATION_JSON)
                    .entity(new ErrorBody("bad_request", "method or media type not accepted")).build();
        }
        if (status >= 400 && status < 500) {
            return body(ApiError.BAD_REQUEST, "malformed request body");
        }
        LOG.warnf("request failed: %s", e.toString());
        return body(ApiError.UNAVAILABLE, "backend error, retry");
    }

    @ServerExceptionMapper(priority = 6000)
    public Response other(Throwable e) {
        if (e instanceof com.fasterxml.jackson.core.JacksonException) {
            return body(ApiError.BAD_REQUEST, "malformed JSON body");
        }
        LOG.warnf("request failed: %s", e.toString());
        return body(ApiError.UNAVAILABLE, "backend error, retry");
    }

    static Response body(ApiError error, String message) {
        return Response.status(error.httpStatus()).type(MediaType.APPLICATION_JSON)
                .entity(new ErrorBody(error.code(), message)).build();
    }
}
