package dev.roomcast.connector.bench;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A broker started as its own process on its own port (so its pid is the one measured), with N
 * subscribers on one topic and a publisher in the load process. Not a JVM: no heap figure.
 */
abstract class BrokerPeer implements Peer {

    protected final String binary;
    protected final int port;
    protected final Path log;
    private PeerServer server;
    private BrokerClients clients;

    BrokerPeer(String binary, int port, Path log) {
        this.binary = binary;
        this.port = port;
        this.log = log;
    }

    /** The broker's command line. */
    abstract List<String> command() throws Exception;

    /** Fresh clients for the run's one topic. */
    abstract BrokerClients newClients();

    @Override
    public PeerServer start() throws Exception {
        server = PeerServer.start(name(), command(), Map.of(), log);
        server.awaitPort(port, Duration.ofSeconds(30));
        return server;
    }

    @Override
    public long heapAfterGc() {
        return -1;
    }

    @Override
    public Receipts subscribe(Vertx vertx, int n, int sources) throws Exception {
        clients = newClients();
        clients.open(vertx, n, port, sources);
        return clients;
    }

    @Override
    public int subscribed() {
        return clients.open();
    }

    @Override
    public long publish(byte[] frame) {
        clients.publish(frame);
        return 0;
    }

    @Override
    public void stop() throws Exception {
        server.stop(Duration.ofSeconds(10));
    }
}
