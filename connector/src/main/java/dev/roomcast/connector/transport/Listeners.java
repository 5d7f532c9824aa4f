package dev.roomcast.connector.transport;

import dev.roomcast.connector.config.ConnectorConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/** Binds the WebSocket and TCP listeners at start, one server instance per event loop. */
@Singleton
public class Listeners {

    private static final Logger LOG = Logger.getLogger(Listeners.class);

    private final Vertx vertx;
    private final ClientVertx clients;
    private final ConnectorConfig config;
    private final Acceptor acceptor;
    private final EventLoops loops;
    private final List<String> deployments = new CopyOnWriteArrayList<>();
    private volatile boolean listening;

    Listeners(ClientVertx clients, ConnectorConfig config, Acceptor acceptor, EventLoops loops) {
        this.vertx = clients.vertx();
        this.clients = clients;
        this.config = config;
        this.acceptor = acceptor;
        this.loops = loops;
    }

    /** After the drain (lower priority runs first): free the ports for the next start in this JVM. */
    void onStop(@Observes @Priority(100) ShutdownEvent event) throws Exception {
        listening = false;
        for (String id : deployments) {
            vertx.undeploy(id).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        deployments.clear();
        clients.close();
        LOG.info("client listeners closed");
    }

    void onStart(@Observes StartupEvent event) throws Exception {
        int instances = config.listenerInstances() > 0 ? config.listenerInstances() : loops.count();
        DeploymentOptions options = new DeploymentOptions().setInstances(instances);
        int max = config.maxInboundFrameBytes();
        deployments.add(vertx.deployVerticle(() -> new WsServerVerticle(config.wsPort(), config.wsPath(), max, acceptor), options)
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS));
        deployments.add(vertx.deployVerticle(() -> new TcpServerVerticle(config.tcpPort(), max, acceptor), options)
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS));
        listening = true;
        LOG.infof("listening: WebSocket :%d%s, TCP :%d, %d instances each",
                config.wsPort(), config.wsPath(), config.tcpPort(), instances);
    }

    public boolean listening() {
        return listening;
    }
}
