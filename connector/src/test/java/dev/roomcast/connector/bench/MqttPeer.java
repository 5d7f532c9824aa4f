package dev.roomcast.connector.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Mosquitto (its own instance, minimal config: anonymous, no connection cap, no persistence) with N QoS 0 subscribers. */
final class MqttPeer extends BrokerPeer {

    MqttPeer(String binary, int port, Path log) {
        super(binary, port, log);
    }

    @Override
    public String name() {
        return "mqtt";
    }

    @Override
    List<String> command() throws Exception {
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
        return List.of(binary, "-c", config.toString());
    }

    @Override
    BrokerClients newClients() {
        return new MqttClients(WsPeer.MCAST.replace(':', '/'));
    }
}
