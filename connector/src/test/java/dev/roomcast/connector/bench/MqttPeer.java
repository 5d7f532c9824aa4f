package dev.roomcast.connector.bench;

import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Mosquitto (its own instance, minimal config: anonymous, no connection cap, no persistence) with N QoS 0 subscribers. */
final class MqttPeer implements Peer {

    private final String binary;
    private final int port;
    private final Path log;
    private PeerServer server;
    private MqttClients clients;

    MqttPeer(String binary, int port, Path log) {
        this.binary = binary;
        this.port = port;
        this.log = log;
    }

    @Override
    public String name() {
        return "mqtt";
    }

    @Override
    public PeerServer start() throws Exception {
        Path config = log.resolveSibling("peers-mosquitto.conf");
        Files.writeString(config, String.join("\n",
                "listener " + port + " 127.0.0.1",
                "allow_anonymous true",
                "max_connections -1",
                "persistence false",
                "log_dest stderr",
                "log_type error",
                "log_type warning",
                ""));
        server = PeerServer.start(name(), List.of(binary, "-c", config.toString()), Map.of(), log);
        server.awaitPort(port, Duration.ofSeconds(30));
        return server;
    }

    @Override
    public long heapAfterGc() {
        return -1;
    }

    @Override
    public Receipts subscribe(Vertx vertx, int n, int sources) throws Exception {
        clients = new MqttClients(WsPeer.MCAST.replace(':', '/'));
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
