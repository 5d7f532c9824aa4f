package dev.roomcast.gift.api.grpc;

import dev.roomcast.gift.api.GiftError;
import dev.roomcast.gift.api.GiftException;
import dev.roomcast.gift.api.GiftValidator;
import dev.roomcast.gift.channel.GiftChannel;
import dev.roomcast.gift.ledger.GiftPage;
import dev.roomcast.gift.ledger.LedgerGift;
import dev.roomcast.proto.v1.AckGiftReply;
import dev.roomcast.proto.v1.AckGiftRequest;
import dev.roomcast.proto.v1.GiftService;
import dev.roomcast.proto.v1.PullGiftsReply;
import dev.roomcast.proto.v1.PullGiftsRequest;
import dev.roomcast.proto.v1.SendGiftReply;
import dev.roomcast.proto.v1.SendGiftRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcService;
import io.quarkus.grpc.RegisterInterceptor;
import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

/** GiftService over gRPC: the payment backend's SendGift, and AckGift/PullGifts relayed by connectors. */
@GrpcService
@RegisterInterceptor(ServiceAuthInterceptor.class)
public class GiftGrpcService implements GiftService {

    private static final Logger LOG = Logger.getLogger(GiftGrpcService.class);

    private final GiftChannel channel;
    private final GiftValidator validator;

    GiftGrpcService(GiftChannel channel, GiftValidator validator) {
        this.channel = channel;
        this.validator = validator;
    }

    @Override
    public Uni<SendGiftReply> sendGift(SendGiftRequest r) {
        return guarded(() -> channel.send(validator.send(r.getOrderId(), r.getRoomId(), r.getFromUserId(),
                        r.getFromNickname(), r.getGiftId(), r.getGiftName(), r.getCount(), r.getUnitValue()))
                .map(result -> SendGiftReply.newBuilder()
                        .setGift(result.gift().toProto()).setDuplicate(result.duplicate()).build()));
    }

    @Override
    public Uni<AckGiftReply> ackGift(AckGiftRequest r) {
        return guarded(() -> channel.ack(validator.roomId("room_id", r.getRoomId()), r.getAnchorUserId(),
                        validator.seq("seq", r.getSeq()))
                .map(result -> AckGiftReply.newBuilder().setAckedSeq(result.ackedSeq()).build()));
    }

    @Override
    public Uni<PullGiftsReply> pullGifts(PullGiftsRequest r) {
        return guarded(() -> {
            if (r.getLimit() < 0) {
                throw new GiftException(GiftError.INVALID_FIELD, "limit must not be negative");
            }
            return channel.pull(validator.roomId("room_id", r.getRoomId()), validator.seq("after_seq", r.getAfterSeq()),
                    r.getLimit()).map(GiftGrpcService::toReply);
        });
    }

    private static PullGiftsReply toReply(GiftPage page) {
        PullGiftsReply.Builder reply = PullGiftsReply.newBuilder()
                .setAckedSeq(page.ackedSeq()).setHasMore(page.hasMore());
        for (LedgerGift g : page.gifts()) {
            reply.addGifts(g.toProto());
        }
        return reply.build();
    }

    /** Validation throws synchronously, the ledger fails asynchronously: both become a typed status. */
    private static <T> Uni<T> guarded(java.util.function.Supplier<Uni<T>> call) {
        Uni<T> uni;
        try {
            uni = call.get();
        } catch (RuntimeException e) {
            uni = Uni.createFrom().failure(e);
        }
        return uni.onFailure().transform(GiftGrpcService::toStatus);
    }

    private static Throwable toStatus(Throwable e) {
        if (e instanceof GiftException g) {
            return g.toStatus();
        }
        if (e instanceof StatusRuntimeException) {
            return e;
        }
        LOG.error("unexpected failure in GiftService", e);
        return Status.INTERNAL.withDescription("INTERNAL: internal error").asRuntimeException();
    }
}
