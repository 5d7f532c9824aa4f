package dev.roomcast.gift.fakes;

import dev.roomcast.proto.v1.AnnounceMcastsReply;
import dev.roomcast.proto.v1.AnnounceMcastsRequest;
import dev.roomcast.proto.v1.GetRouteReply;
import dev.roomcast.proto.v1.GetRouteRequest;
import dev.roomcast.proto.v1.JoinReply;
import dev.roomcast.proto.v1.JoinRequest;
import dev.roomcast.proto.v1.LeaveReply;
import dev.roomcast.proto.v1.LeaveRequest;
import dev.roomcast.proto.v1.MembershipBatchReply;
import dev.roomcast.proto.v1.MembershipBatchRequest;
import dev.roomcast.proto.v1.OnlineCountReply;
import dev.roomcast.proto.v1.OnlineCountRequest;
import dev.roomcast.proto.v1.PublishReply;
import dev.roomcast.proto.v1.PublishRequest;
import dev.roomcast.proto.v1.RegisterConnectorReply;
import dev.roomcast.proto.v1.RegisterConnectorRequest;
import dev.roomcast.proto.v1.RenewConnectorReply;
import dev.roomcast.proto.v1.RenewConnectorRequest;
import dev.roomcast.proto.v1.RoomService;
import io.grpc.Status;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Uni;

/**
 * A recording room-service over real gRPC: Publish records the request (or answers UNAVAILABLE while
 * "down"), GetRoute answers the fake connector on this app's test port. The rest is not used here.
 */
@GrpcService
public class FakeRoomService implements RoomService {

    private final FakeRoomState state;

    FakeRoomService(FakeRoomState state) {
        this.state = state;
    }

    @Override
    public Uni<PublishReply> publish(PublishRequest request) {
        if (state.down) {
            return Uni.createFrom().failure(Status.UNAVAILABLE.withDescription("room-service down").asRuntimeException());
        }
        state.published.add(request);
        return Uni.createFrom().item(PublishReply.newBuilder().setRoomId(request.getRoomId())
                .setMsgId(state.nextMsgId.incrementAndGet()).setPersisted(true).build());
    }

    @Override
    public Uni<GetRouteReply> getRoute(GetRouteRequest request) {
        state.routeLookups.incrementAndGet();
        if (state.down) {
            return Uni.createFrom().failure(Status.UNAVAILABLE.withDescription("room-service down").asRuntimeException());
        }
        return Uni.createFrom().item(GetRouteReply.newBuilder().addAllConnectors(state.routeOf(request.getMcastId())).build());
    }

    @Override
    public Uni<JoinReply> join(JoinRequest request) {
        return unimplemented();
    }

    @Override
    public Uni<LeaveReply> leave(LeaveRequest request) {
        return unimplemented();
    }

    @Override
    public Uni<RegisterConnectorReply> registerConnector(RegisterConnectorRequest request) {
        return unimplemented();
    }

    @Override
    public Uni<RenewConnectorReply> renewConnector(RenewConnectorRequest request) {
        return unimplemented();
    }

    @Override
    public Uni<AnnounceMcastsReply> announceMcasts(AnnounceMcastsRequest request) {
        return unimplemented();
    }

    @Override
    public Uni<OnlineCountReply> onlineCount(OnlineCountRequest request) {
        return unimplemented();
    }

    @Override
    public Uni<MembershipBatchReply> updateMembership(MembershipBatchRequest request) {
        return unimplemented();
    }

    static <T> Uni<T> unimplemented() {
        return Uni.createFrom().failure(Status.UNIMPLEMENTED.asRuntimeException());
    }
}
