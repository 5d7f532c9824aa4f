package dev.roomcast.room.api.rest;

import dev.roomcast.common.auth.Scopes;
import dev.roomcast.room.api.ApiException;
import dev.roomcast.room.auth.ServiceAuth;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * The platform API ({@code /v1/...}) needs a service credential; the dispatcher and the zstd
 * dictionaries are public, since client apps call them before they hold a connection. Every POST
 * (messages to a room or a user, broadcast, kick) needs {@link Scopes#PUBLISH}; every PUT (a room's
 * delivery mode) {@link Scopes#ADMIN}; reads (online counts, delivery mode) any service credential.
 */
public class ServiceAuthFilter {

    private final ServiceAuth auth;

    public ServiceAuthFilter(ServiceAuth auth) {
        this.auth = auth;
    }

    @ServerRequestFilter
    public Response authenticate(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!path.startsWith("/v1/") || path.startsWith("/v1/dispatch") || path.startsWith("/v1/dictionaries")) {
            return null;
        }
        try {
            Optional<String> scope = switch (request.getMethod()) {
                case "POST" -> Optional.of(Scopes.PUBLISH);
                case "PUT", "DELETE" -> Optional.of(Scopes.ADMIN);
                default -> Optional.empty();
            };
            auth.requireService(request.getHeaderString(HttpHeaders.AUTHORIZATION), scope);
            return null;
        } catch (ApiException e) {
            return RestErrors.body(e.error(), e.getMessage());
        }
    }
}
