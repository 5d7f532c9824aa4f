package dev.roomcast.room.api.grpc;

import io.grpc.StatusRuntimeException;
import dev.roomcast.room.membership.RedisPipeline;
import dev.roomcast.proto.v1.AnnounceMcastsReply;
import dev.roomcast.proto.v1.AnnounceMcastsRequest;
import dev.roomcast.proto.v1.GetRouteReply;
import dev.roomcast.proto.v1.GetRouteRequest;
import dev.roomcast.proto.v1.JoinReply;
import dev.roomcast.proto.v1.JoinRequest;
import dev.roomcast.proto.v1.LeaveReply;
import dev.roomcast.proto.v1.LeaveRequest;
import dev.roomcast.proto.v1.OnlineCountReply;
import dev.roomcast.proto.v1.OnlineCountRequest;
import dev.roomcast.proto.v1.PublishReply;
import dev.roomcast.proto.v1.PublishRequest;
import dev.roomcast.proto.v1.RegisterConnectorReply;
import dev.roomcast.proto.v1.RegisterConnectorRequest;
import dev.roomcast.proto.v1.RenewConnectorReply;
import dev.roomcast.proto.v1.RenewConnectorRequest;
import dev.roomcast.proto.v1.RoomService;
import dev.roomcast.room.api.ApiError;
import dev.roomcast.room.api.ApiException;
import dev.roomcast.room.membership.Membership;
import dev.roomcast.room.membership.MembershipBatch;
import dev.roomcast.proto.v1.MembershipBatchReply;
import dev.roomcast.proto.v1.MembershipBatchRequest;
import dev.roomcast.room.publish.PublishService;
import io.grpc.Status;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Uni;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * RoomService over gRPC (the service credential is checked by ServiceAuthInterceptor). Thin: each
 * RPC delegates to its domain service and maps typed errors to gRPC statuses.
 */
@GrpcService
public class RoomGrpcService implements RoomService {

    private static final Logger LOG = Logger.getLogger(RoomGrpcService.class);

    private final PublishService publisher;
    private final Membership membership;
    private final MembershipBatch batch;

    public RoomGrpcService(PublishService publisher, Membership membership, MembershipBatch batch) {
        this.publisher = publisher;
        this.membership = membership;
        this.batch = batch;
    }

    @Override
    public Uni<PublishReply> publish(PublishRequest request) {
        return guarded(() -> publisher.publish(request));
    }

    @Override
    public Uni<JoinReply> join(JoinRequest request) {
        return guarded(() -> membership.join(request));
    }

    @Override
    public Uni<LeaveReply> leave(LeaveRequest request) {
        return guarded(() -> membership.leave(request));
    }

    @Override
    public Uni<MembershipBatchReply> updateMembership(MembershipBatchRequest request) {
        return guarded(() -> batch.update(request));
    }

    @Override
    public Uni<RegisterConnectorReply> registerConnector(RegisterConnectorRequest request) {
        return guarded(() -> membership.register(request));
    }

    @Override
    public Uni<RenewConnectorReply> renewConnector(RenewConnectorRequest request) {
        return guarded(() -> membership.renew(request));
    }

    @Override
    public Uni<AnnounceMcastsReply> announceMcasts(AnnounceMcastsRequest request) {
        return guarded(() -> membership.announce(request));
    }

    @Override
    public Uni<GetRouteReply> getRoute(GetRouteRequest request) {
        return guarded(() -> membership.getRoute(request));
    }

    @Override
    public Uni<OnlineCountReply> onlineCount(OnlineCountRequest request) {
        return guarded(() -> membership.onlineCount(request.getRoomId()));
    }

    /** Typed errors become their status; anything else is logged here and reported without details. */
    private static <T> Uni<T> guarded(Supplier<Uni<T>> call) {
        Uni<T> uni;
        try {
            uni = call.get();
        } catch (RuntimeException e) {
            uni = Uni.createFrom().failure(e);
        }
        return uni.onFailure().transform(RoomGrpcService::toStatus);
    }

    static Throwable toStatus(Throwable failure) {
        if (failure instanceof ApiException api) {
            return api.toStatus();
        }
        if (failure instanceof StatusRuntimeException) {
            return failure;
        }
        if (failure instanceof RedisPipeline.Overloaded) {
            return ApiError.OVERLOADED.exception("membership store overloaded, retry").toStatus();
        }
        LOG.warnf("room-service call failed: %s", failure.toString());
        return Status.UNAVAILABLE.withDescription("unavailable: backend error, retry").asRuntimeException();
    }
}
