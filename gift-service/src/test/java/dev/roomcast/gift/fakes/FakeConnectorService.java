package dev.roomcast.gift.fakes;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.roomcast.proto.v1.ConnectorService;
import dev.roomcast.proto.v1.DrainReply;
import dev.roomcast.proto.v1.DrainRequest;
import dev.roomcast.proto.v1.Frame;
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
import io.grpc.Status;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Uni;

/**
 * A connector over real gRPC: PushGift decodes the frame it was given (as a real connector would write
 * it to the anchor's socket) and hands it to the room's test anchor. No anchor, or the anchor's
 * connection cut: delivered=0, the frame is lost (and recorded as dropped).
 */
@GrpcService
public class FakeConnectorService implements ConnectorService {

    private final FakeConnectorState state;

    FakeConnectorService(FakeConnectorState state) {
        this.state = state;
    }

    @Override
    public Uni<PushGiftReply> pushGift(PushGiftRequest request) {
        Frame frame;
        try {
            frame = Frame.parseFrom(request.getFrame());
        } catch (InvalidProtocolBufferException e) {
            return Uni.createFrom().failure(Status.INVALID_ARGUMENT.withDescription("bad frame").asRuntimeException());
        }
        if (!frame.hasGiftPush() || !frame.getGiftPush().getRoomId().equals(request.getRoomId())) {
            return Uni.createFrom().failure(Status.INVALID_ARGUMENT.withDescription("not a gift push").asRuntimeException());
        }
        state.frames.add(frame);
        TestAnchor anchor = state.anchors.get(request.getRoomId());
        if (anchor == null || !anchor.connected()) {
            state.droppedFor(request.getRoomId(), 1);
            return Uni.createFrom().item(PushGiftReply.newBuilder().setDelivered(0).build());
        }
        anchor.onPush(frame.getGiftPush());
        return Uni.createFrom().item(PushGiftReply.newBuilder().setDelivered(1).build());
    }

    @Override
    public Uni<PushBlockReply> pushBlock(PushBlockRequest request) {
        return FakeRoomService.unimplemented();
    }

    @Override
    public Uni<PushUserReply> pushUser(PushUserRequest request) {
        return FakeRoomService.unimplemented();
    }

    @Override
    public Uni<KickReply> kick(KickRequest request) {
        return FakeRoomService.unimplemented();
    }

    @Override
    public Uni<DrainReply> drain(DrainRequest request) {
        return FakeRoomService.unimplemented();
    }

    @Override
    public Uni<ReannounceReply> reannounce(ReannounceRequest request) {
        return FakeRoomService.unimplemented();
    }

    @Override
    public Uni<dev.roomcast.proto.v1.SetDeliveryModeReply> setDeliveryMode(dev.roomcast.proto.v1.SetDeliveryModeRequest request) {
        return FakeRoomService.unimplemented();
    }
}
