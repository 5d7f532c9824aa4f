package dev.roomcast.room.support;

import dev.roomcast.proto.v1.ConnectorInfo;
import dev.roomcast.proto.v1.JoinRequest;
import dev.roomcast.proto.v1.LeaveRequest;
import dev.roomcast.proto.v1.MutinyRoomServiceGrpc;
import dev.roomcast.proto.v1.RegisterConnectorRequest;
import io.grpc.Metadata;
import io.quarkus.grpc.GrpcClientUtils;
import java.time.Duration;

/** Helpers for calling RoomService over real gRPC with a credential. */
public final class RoomClient {

    public static final Duration WAIT = Duration.ofSeconds(10);
    public static final String SELF_GRPC = "localhost:18082";

    private RoomClient() {
    }

    public static MutinyRoomServiceGrpc.MutinyRoomServiceStub withAuth(MutinyRoomServiceGrpc.MutinyRoomServiceStub stub,
                                                                      String authorization) {
        Metadata metadata = new Metadata();
        if (authorization != null) {
            metadata.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), authorization);
        }
        return GrpcClientUtils.attachHeaders(stub, metadata);
    }

    public static ConnectorInfo connector(String id, int connections) {
        return ConnectorInfo.newBuilder().setConnectorId(id).setGrpcAddress(SELF_GRPC)
                .setWsUrl("ws://" + id + ":8090/ws").setTcpAddress(id + ":8091").setConnections(connections).build();
    }

    public static void register(MutinyRoomServiceGrpc.MutinyRoomServiceStub room, ConnectorInfo info) {
        room.registerConnector(RegisterConnectorRequest.newBuilder().setConnector(info).build()).await().atMost(WAIT);
    }

    public static long join(MutinyRoomServiceGrpc.MutinyRoomServiceStub room, String connectorId, String mcast, String user) {
        return room.join(JoinRequest.newBuilder().setConnectorId(connectorId).setMcastId(mcast).setUserId(user)
                .setConnectionId(user + "-c").build()).await().atMost(WAIT).getOnlineCount();
    }

    public static long leave(MutinyRoomServiceGrpc.MutinyRoomServiceStub room, String connectorId, String mcast, String user) {
        return room.leave(LeaveRequest.newBuilder().setConnectorId(connectorId).setMcastId(mcast).setUserId(user)
                .setConnectionId(user + "-c").build()).await().atMost(WAIT).getOnlineCount();
    }

    /** Renews the given connectors' leases every 500 ms until closed (tests outlive the short test lease). */
    public static AutoCloseable keepAlive(MutinyRoomServiceGrpc.MutinyRoomServiceStub room, ConnectorInfo... infos) {
        java.util.concurrent.ScheduledExecutorService timer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "test-lease-renewer");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(() -> {
            for (ConnectorInfo info : infos) {
                room.renewConnector(dev.roomcast.proto.v1.RenewConnectorRequest.newBuilder().setConnector(info).build())
                        .subscribe().with(ok -> { }, failure -> { });
            }
        }, 500, 500, java.util.concurrent.TimeUnit.MILLISECONDS);
        return timer::shutdownNow;
    }

    public static String unique(String prefix) {
        return prefix + "-" + Long.toString(System.nanoTime(), 36);
    }
}
