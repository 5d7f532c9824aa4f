package dev.roomcast.connector.api.rest;

import dev.roomcast.common.auth.Scopes;
import dev.roomcast.connector.backend.ServiceCredentials;
import dev.roomcast.connector.drain.Drainer;
import dev.roomcast.connector.mode.MeasuredPressure;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Optional;

/** Operator endpoints: a service credential with the {@code admin} scope is required. */
@Path("/admin")
@Produces(MediaType.APPLICATION_JSON)
public class AdminResource {

    @RegisterForReflection
    public record DrainResult(int connections, int windowMs) {
    }

    @RegisterForReflection
    public record ApiError(String code, String message) {
    }

    @RegisterForReflection
    public record PressureResult(Double simulated) {
    }

    private final Drainer drainer;
    private final ServiceCredentials credentials;
    private final MeasuredPressure pressure;

    AdminResource(Drainer drainer, ServiceCredentials credentials, MeasuredPressure pressure) {
        this.drainer = drainer;
        this.credentials = credentials;
        this.pressure = pressure;
    }

    /**
     * Imposes a simulated pressure ratio on the automatic push/poll governor (drills, tests); no
     * {@code ratio} returns to the measured one. Effective only when the governor is enabled.
     */
    @POST
    @Path("/pressure")
    public Response pressure(@HeaderParam("Authorization") String authorization, @QueryParam("ratio") String ratio) {
        var refusal = credentials.refusal(authorization, Optional.of(Scopes.ADMIN));
        if (refusal.isPresent()) {
            return refusal.get().unauthenticated()
                    ? Response.status(401).entity(new ApiError("UNAUTHORIZED", refusal.get().message())).build()
                    : Response.status(403).entity(new ApiError("FORBIDDEN", refusal.get().message())).build();
        }
        Double value;
        try {
            value = ratio == null || ratio.isEmpty() ? null : Double.valueOf(ratio);
        } catch (NumberFormatException e) {
            value = -1.0;
        }
        if (value != null && (value < 0 || value.isNaN() || value.isInfinite())) {
            return Response.status(400).entity(new ApiError("BAD_REQUEST", "ratio must be a number >= 0")).build();
        }
        pressure.simulate(value);
        return Response.ok(new PressureResult(value)).build();
    }

    /** Starts a drain: Reconnect to every client, spread over the window (0 = configured). */
    @POST
    @Path("/drain")
    public Response drain(@HeaderParam("Authorization") String authorization, @QueryParam("windowMs") String window) {
        var refusal = credentials.refusal(authorization, Optional.of(Scopes.ADMIN));
        if (refusal.isPresent()) {
            return refusal.get().unauthenticated()
                    ? Response.status(401).entity(new ApiError("UNAUTHORIZED", refusal.get().message())).build()
                    : Response.status(403).entity(new ApiError("FORBIDDEN", refusal.get().message())).build();
        }
        // Taken as text: a malformed number is a typed 400, not the framework's 404.
        int windowMs;
        try {
            windowMs = window == null || window.isEmpty() ? 0 : Integer.parseInt(window);
        } catch (NumberFormatException e) {
            windowMs = -1;
        }
        if (windowMs < 0) {
            return Response.status(400).entity(new ApiError("BAD_REQUEST", "windowMs must be an integer >= 0")).build();
        }
        Drainer.DrainRun run = drainer.drain(windowMs);
        return Response.ok(new DrainResult(run.connections(), windowMs)).build();
    }
}
