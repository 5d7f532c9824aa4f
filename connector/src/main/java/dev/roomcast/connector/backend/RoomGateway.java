package dev.roomcast.connector.backend;

import dev.roomcast.connector.config.ConnectorConfig;
import dev.roomcast.proto.v1.AnnounceMcastsReply;
import dev.roomcast.proto.v1.AnnounceMcastsRequest;
import dev.roomcast.proto.v1.JoinReply;
import dev.roomcast.proto.v1.JoinRequest;
import dev.roomcast.proto.v1.LeaveReply;
import dev.roomcast.proto.v1.LeaveRequest;
import dev.roomcast.proto.v1.RegisterConnectorReply;
import dev.roomcast.proto.v1.RegisterConnectorRequest;
import dev.roomcast.proto.v1.RenewConnectorReply;
import dev.roomcast.proto.v1.RenewConnectorRequest;
import dev.roomcast.proto.v1.RoomService;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.grpc.RegisterClientInterceptor;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.time.Duration;

/** room-service as the connector needs it: membership, leases, route repair. Every call has a deadline. */
@Singleton
public class RoomGateway {

    @GrpcClient("room")
    @RegisterClientInterceptor(ServiceCredentialInterceptor.class)
    RoomService room;

    private final Duration timeout;

    RoomGateway(ConnectorConfig config) {
        this.timeout = Duration.ofMillis(config.backendTimeoutMillis());
    }

    public Uni<JoinReply> join(JoinRequest request) {
        return room.join(request).ifNoItem().after(timeout).fail();
    }

    public Uni<LeaveReply> leave(LeaveRequest request) {
        return room.leave(request).ifNoItem().after(timeout).fail();
    }

    public Uni<RegisterConnectorReply> register(RegisterConnectorRequest request) {
        return room.registerConnector(request).ifNoItem().after(timeout).fail();
    }

    public Uni<RenewConnectorReply> renew(RenewConnectorRequest request) {
        return room.renewConnector(request).ifNoItem().after(timeout).fail();
    }

    public Uni<AnnounceMcastsReply> announce(AnnounceMcastsRequest request) {
        return room.announceMcasts(request).ifNoItem().after(timeout.multipliedBy(3)).fail();
    }
}
