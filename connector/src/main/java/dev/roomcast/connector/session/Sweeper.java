package dev.roomcast.connector.session;

import dev.roomcast.connector.config.ConnectorConfig;
import dev.roomcast.connector.membership.ConnectionRegistry;
import dev.roomcast.connector.transport.EventLoops;
import dev.roomcast.proto.v1.ErrorCode;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * Deadlines without a timer per connection: every sweep interval each event loop walks its own
 * connections for auth timeouts, idle limits, connections stuck behind a full queue and expired tokens.
 */
@Singleton
public class Sweeper {

    private final Vertx vertx;
    private final ConnectorConfig config;
    private final ConnectionRegistry connections;
    private final EventLoops loops;
    private final Outbound outbound;
    private final TokenRefresh refresh;
    private long timerId = -1;

    Sweeper(Vertx vertx, ConnectorConfig config, ConnectionRegistry connections, EventLoops loops, Outbound outbound,
            TokenRefresh refresh) {
        this.vertx = vertx;
        this.config = config;
        this.connections = connections;
        this.loops = loops;
        this.outbound = outbound;
        this.refresh = refresh;
    }

    void onStart(@Observes StartupEvent event) {
        timerId = vertx.setPeriodic(config.sweepIntervalMillis(), id -> {
            for (int i = 0; i < loops.count(); i++) {
                int loop = i;
                loops.get(i).execute(() -> sweep(loop));
            }
        });
    }

    /**
     * Stopped after the drain (priority 10) and before the client listeners close (100): with the client
     * connections on their own Vert.x, a sweep queued on its closed loops would be refused.
     */
    void onStop(@Observes @Priority(90) ShutdownEvent event) {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
    }

    private void sweep(int loop) {
        long now = System.currentTimeMillis();
        for (Session session : connections.onLoop(loop)) {
            if (session.closing()) {
                continue;
            }
            if (!session.authenticated()) {
                if (now - session.openedAtMillis() > config.authTimeoutMillis()) {
                    session.closeWith(ErrorCode.AUTH_TIMEOUT, "no Auth within " + config.authTimeoutMillis() + " ms");
                }
            } else if (now - session.lastSeenMillis > config.idleTimeoutMillis()) {
                session.closeWith(ErrorCode.IDLE_TIMEOUT, "silent for more than " + config.idleTimeoutMillis() + " ms");
            } else {
                outbound.check(session, now);
                refresh.check(session, now);
            }
        }
    }
}
