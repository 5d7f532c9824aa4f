package dev.roomcast.connector.drain;

import dev.roomcast.connector.backend.LeaseKeeper;
import dev.roomcast.connector.config.ConnectorConfig;
import dev.roomcast.connector.membership.ConnectionRegistry;
import dev.roomcast.connector.session.Session;
import dev.roomcast.proto.v1.ErrorCode;
import dev.roomcast.proto.v1.Frame;
import dev.roomcast.proto.v1.Reconnect;
import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.Vertx;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Graceful drain for a release: the lease is marked draining (the dispatcher stops sending clients
 * here), then every connection gets a Reconnect frame and is closed, spread evenly over the window so
 * that the other connectors are not hit by one reconnect storm. Closing a connection leaves its mcasts
 * at room-service, so the routes empty as the drain proceeds.
 */
@Singleton
public class Drainer {

    private static final Logger LOG = Logger.getLogger(Drainer.class);

    private final Vertx vertx;
    private final ConnectorConfig config;
    private final DrainState state;
    private final ConnectionRegistry connections;
    private final LeaseKeeper lease;

    Drainer(Vertx vertx, ConnectorConfig config, DrainState state, ConnectionRegistry connections, LeaseKeeper lease) {
        this.vertx = vertx;
        this.config = config;
        this.state = state;
        this.connections = connections;
        this.lease = lease;
    }

    /** Starts the drain; returns the number of connections told to reconnect and a latch for the end. */
    public synchronized DrainRun drain(int windowMillis) {
        int window = windowMillis > 0 ? windowMillis : config.drainWindowMillis();
        List<Session> all = new ArrayList<>();
        for (int i = 0; i < connections.loops(); i++) {
            all.addAll(connections.onLoop(i));
        }
        CountDownLatch done = new CountDownLatch(all.size());
        if (!state.start()) {
            return new DrainRun(0, new CountDownLatch(0));
        }
        lease.renewNow();
        LOG.infof("draining %d connections over %d ms", all.size(), window);
        for (int i = 0; i < all.size(); i++) {
            Session session = all.get(i);
            long delay = Math.max(1, (long) window * i / Math.max(1, all.size()));
            vertx.setTimer(delay, id -> session.transport().loop().execute(() -> {
                session.closeAfter(Frame.newBuilder().setReconnect(Reconnect.newBuilder()
                        .setCode(ErrorCode.RECONNECT).setReason("connector draining")).build(),
                        ErrorCode.RECONNECT, "connector draining");
                done.countDown();
            }));
        }
        return new DrainRun(all.size(), done);
    }

    void onShutdown(@Observes @Priority(10) ShutdownEvent event) {
        DrainRun run = drain(0);
        try {
            run.done().await(config.drainWindowMillis() + 2000L, TimeUnit.MILLISECONDS);
            // Give the last close frames a moment to reach the wire before the loops stop.
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public record DrainRun(int connections, CountDownLatch done) {
    }
}
