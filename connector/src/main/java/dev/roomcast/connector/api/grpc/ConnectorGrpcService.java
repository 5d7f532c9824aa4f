package dev.roomcast.connector.api.grpc;

import dev.roomcast.common.ids.Ids;
import dev.roomcast.connector.backend.LeaseKeeper;
import dev.roomcast.connector.delivery.FanOut;
import dev.roomcast.connector.drain.Drainer;
import dev.roomcast.connector.membership.ConnectionRegistry;
import dev.roomcast.connector.mode.RoomModes;
import dev.roomcast.connector.session.Session;
import dev.roomcast.proto.v1.ConnectorService;
import dev.roomcast.proto.v1.DeliveryMode;
import dev.roomcast.proto.v1.DrainReply;
import dev.roomcast.proto.v1.DrainRequest;
import dev.roomcast.proto.v1.ErrorCode;
import dev.roomcast.proto.v1.Frame;
import dev.roomcast.proto.v1.Kick;
import dev.roomcast.proto.v1.KickReply;
import dev.roomcast.proto.v1.KickRequest;
import dev.roomcast.proto.v1.PushBlockReply;
import dev.roomcast.proto.v1.PushBlockRequest;
import dev.roomcast.proto.v1.PushGiftReply;
import dev.roomcast.proto.v1.PushGiftRequest;
import dev.roomcast.proto.v1.PushUserReply;
import dev.roomcast.proto.v1.PushUserRequest;
import dev.roomcast.proto.v1.ReannounceReply;
import dev.roomcast.proto.v1.ReannounceRequest;
import dev.roomcast.proto.v1.SetDeliveryModeReply;
import dev.roomcast.proto.v1.SetDeliveryModeRequest;
import io.grpc.Status;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.List;

/** What room-service and gift-service call: pushes, kicks, drain and route repair. */
@GrpcService
public class ConnectorGrpcService implements ConnectorService {

    private static final int MAX_ID_CHARS = 200;

    private final FanOut fanOut;
    private final ConnectionRegistry connections;
    private final Drainer drainer;
    private final LeaseKeeper lease;
    private final RoomModes modes;

    ConnectorGrpcService(FanOut fanOut, ConnectionRegistry connections, Drainer drainer, LeaseKeeper lease,
                         RoomModes modes) {
        this.modes = modes;
        this.fanOut = fanOut;
        this.connections = connections;
        this.drainer = drainer;
        this.lease = lease;
    }

    @Override
    public Uni<PushBlockReply> pushBlock(PushBlockRequest request) {
        if (request.getMcastId().isEmpty() || request.getMcastId().length() > MAX_ID_CHARS || request.getFrame().isEmpty()) {
            return invalid("mcast_id and frame are required");
        }
        return fanOut.toMcast(request.getMcastId(), request.getFrame(), request.getCompactFrame(), false, request.getMaxMsgId())
                .map(c -> PushBlockReply.newBuilder().setDelivered(c.delivered()).setDropped(c.dropped()).build());
    }

    @Override
    public Uni<SetDeliveryModeReply> setDeliveryMode(SetDeliveryModeRequest request) {
        if (!Ids.isRoomId(request.getRoomId())) {
            return invalid(Ids.ROOM_ID_RULE);
        }
        if (request.getMode() == DeliveryMode.UNRECOGNIZED || request.getSpreadWindowMs() < 0) {
            return invalid("mode must be push or poll, spread_window_ms >= 0");
        }
        boolean poll = request.getMode() == DeliveryMode.DELIVERY_POLL;
        int viewers = modes.operator(request.getRoomId(), poll, request.getReason(), request.getSpreadWindowMs());
        return Uni.createFrom().item(SetDeliveryModeReply.newBuilder().setViewers(viewers).build());
    }

    @Override
    public Uni<PushGiftReply> pushGift(PushGiftRequest request) {
        if (request.getRoomId().isEmpty() || request.getRoomId().length() > MAX_ID_CHARS || request.getFrame().isEmpty()) {
            return invalid("room_id and frame are required");
        }
        return fanOut.toMcast("gift:" + request.getRoomId(), request.getFrame(), true)
                .map(c -> PushGiftReply.newBuilder().setDelivered(c.delivered()).build());
    }

    @Override
    public Uni<PushUserReply> pushUser(PushUserRequest request) {
        if (request.getUserId().isEmpty() || request.getFrame().isEmpty()) {
            return invalid("user_id and frame are required");
        }
        return fanOut.toSessions(connections.ofUser(request.getUserId()), request.getFrame(), false)
                .map(c -> PushUserReply.newBuilder().setDelivered(c.delivered()).build());
    }

    @Override
    public Uni<KickReply> kick(KickRequest request) {
        if (request.getUserId().isEmpty()) {
            return invalid("user_id is required");
        }
        ErrorCode code = request.getCode() == ErrorCode.ERROR_CODE_UNSPECIFIED || request.getCode() == ErrorCode.UNRECOGNIZED
                ? ErrorCode.KICKED : request.getCode();
        List<Session> sessions = new ArrayList<>(connections.ofUser(request.getUserId()));
        Frame kick = Frame.newBuilder().setKick(Kick.newBuilder().setCode(code).setReason(request.getReason())).build();
        for (Session session : sessions) {
            session.transport().loop().execute(() -> session.closeAfter(kick, code, request.getReason()));
        }
        return Uni.createFrom().item(KickReply.newBuilder().setClosed(sessions.size()).build());
    }

    @Override
    public Uni<DrainReply> drain(DrainRequest request) {
        Drainer.DrainRun run = drainer.drain(Math.max(0, request.getWindowMs()));
        return Uni.createFrom().item(DrainReply.newBuilder().setConnections(run.connections()).build());
    }

    @Override
    public Uni<ReannounceReply> reannounce(ReannounceRequest request) {
        return lease.announce().map(n -> ReannounceReply.newBuilder().setMcasts(Math.max(0, n)).build())
                .onFailure().transform(e -> Status.UNAVAILABLE.withDescription("room-service: " + e.getMessage())
                        .asRuntimeException());
    }

    private static <T> Uni<T> invalid(String message) {
        return Uni.createFrom().failure(Status.INVALID_ARGUMENT.withDescription(message).asRuntimeException());
    }
}
