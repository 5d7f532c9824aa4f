package dev.roomcast.connector.bench;

import java.nio.file.Path;
import java.util.List;

/** nats-server (its own instance on its own port) with N subscribers on one subject. */
final class NatsPeer extends BrokerPeer {

    NatsPeer(String binary, int port, Path log) {
        super(binary, port, log);
    }

    @Override
    public String name() {
        return "nats";
    }

    @Override
    List<String> command() {
        return List.of(binary, "-a", "127.0.0.1", "-p", String.valueOf(port));
    }

    @Override
    BrokerClients newClients() {
        return new NatsClients(WsPeer.MCAST.replace(':', '.'));
    }
}
