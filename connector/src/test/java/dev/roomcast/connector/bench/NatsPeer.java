package dev.roomcast.connector.bench;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** nats-server (its own instance on its own port, so its pid is the one measured) with N subscribers on one subject. */
final class NatsPeer implements Peer {

    private final String binary;
    private final int port;
    private final Path log;
    private PeerServer server;
    private NatsClients clients;

    NatsPeer(String binary, int port, Path log) {
        this.binary = binary;
        this.port = port;
        this.log = log;
    }

    @Override
    public String name() {
        return "nats";
    }

    @Override
    public PeerServer start() throws Exception {
        server = PeerServer.start(name(), List.of(binary, "-a", "127.0.0.1", "-p", String.valueOf(port)), Map.of(), log);
        server.awaitPort(port, Duration.ofSeconds(30));
        return server;
    }

    @Override
    public long heapAfterGc() {
        return -1;
    }

    @Override
    public Receipts subscribe(Vertx vertx, int n, int sources) throws Exception {
        clients = new NatsClients(WsPeer.MCAST.replace(':', '.'));
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
