package dev.roomcast.connector.health;

import dev.roomcast.connector.backend.LeaseKeeper;
import dev.roomcast.connector.drain.DrainState;
import dev.roomcast.connector.membership.ConnectionRegistry;
import dev.roomcast.connector.transport.Listeners;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once the WebSocket and TCP listeners are bound and while not draining. Registration with
 * room-service is reported but not required: clients can connect before room-service is up.
 */
@Readiness
@Singleton
public class ListenersHealthCheck implements HealthCheck {

    private final Listeners listeners;
    private final DrainState drain;
    private final LeaseKeeper lease;
    private final ConnectionRegistry connections;

    ListenersHealthCheck(Listeners listeners, DrainState drain, LeaseKeeper lease, ConnectionRegistry connections) {
        this.listeners = listeners;
        this.drain = drain;
        this.lease = lease;
        this.connections = connections;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("client-listeners")
                .status(listeners.listening() && !drain.draining())
                .withData("registered", lease.registered())
                .withData("draining", drain.draining())
                .withData("connections", connections.count())
                .build();
    }
}
