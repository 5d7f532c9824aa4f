package dev.roomcast.room.config;

import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** This instance's id (config, else the host name) and the gRPC address other instances reach it at. */
@ApplicationScoped
public class InstanceIdentity {

    private final String id;
    private final String grpcAddress;

    public InstanceIdentity(RoomConfig config) {
        this.id = config.instanceId().filter(s -> !s.isBlank()).orElseGet(InstanceIdentity::hostName);
        this.grpcAddress = config.advertisedGrpcAddress();
    }

    public String id() {
        return id;
    }

    public String grpcAddress() {
        return grpcAddress;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "room-" + ProcessHandle.current().pid();
        }
    }
}
