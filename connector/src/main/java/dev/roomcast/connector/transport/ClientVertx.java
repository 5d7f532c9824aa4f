package dev.roomcast.connector.transport;

import dev.roomcast.connector.config.ConnectorConfig;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import jakarta.inject.Singleton;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The Vert.x instance that owns the client connections: Quarkus's shared one by default, or, with
 * {@code roomcast.connector.native-transport}, one of its own on the native epoll transport (fewer
 * copies and syscalls per write than NIO) so that the shared instance, which serves gRPC, keeps NIO.
 * Everything that touches a connection runs on these loops ({@link EventLoops}).
 */
@Singleton
public class ClientVertx {

    private static final Logger LOG = Logger.getLogger(ClientVertx.class);

    private final Vertx vertx;
    private final boolean own;

    ClientVertx(Vertx shared, ConnectorConfig config) {
        if (!config.nativeTransport()) {
            this.vertx = shared;
            this.own = false;
            return;
        }
        int loops = config.clientEventLoops() > 0 ? config.clientEventLoops() : Runtime.getRuntime().availableProcessors();
        this.vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true).setEventLoopPoolSize(loops));
        this.own = true;
        if (vertx.isNativeTransportEnabled()) {
            LOG.infof("client connections on their own Vert.x: native transport, %d event loops", loops);
        } else {
            LOG.warnf(vertx.unavailableNativeTransportCause(),
                    "native transport asked but unavailable: client connections on their own Vert.x with NIO, %d event loops", loops);
        }
    }

    public Vertx vertx() {
        return vertx;
    }

    /** Closes the own instance (after the listeners are gone); the shared one is Quarkus's to close. */
    void close() throws Exception {
        if (own) {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
