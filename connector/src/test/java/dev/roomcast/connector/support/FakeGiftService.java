package dev.roomcast.connector.support;

import dev.roomcast.proto.v1.AckGiftReply;
import dev.roomcast.proto.v1.AckGiftRequest;
import dev.roomcast.proto.v1.Gift;
import dev.roomcast.proto.v1.GiftService;
import dev.roomcast.proto.v1.PullGiftsReply;
import dev.roomcast.proto.v1.PullGiftsRequest;
import dev.roomcast.proto.v1.SendGiftReply;
import dev.roomcast.proto.v1.SendGiftRequest;
import io.grpc.Status;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** An honest stand-in for gift-service over real gRPC: a ledger of gifts per room and the anchor's ack cursor. */
@GrpcService
public class FakeGiftService implements GiftService {

    public final List<AckGiftRequest> acks = new CopyOnWriteArrayList<>();
    public final Map<String, List<Gift>> ledger = new ConcurrentHashMap<>();
    private final Map<String, Long> cursors = new ConcurrentHashMap<>();

    @Override
    public Uni<AckGiftReply> ackGift(AckGiftRequest request) {
        acks.add(request);
        // Like gift-service: an ack beyond the room's last gift is refused (rooms without a ledger here accept any).
        List<Gift> known = ledger.get(request.getRoomId());
        if (known != null && request.getSeq() > known.stream().mapToLong(Gift::getSeq).max().orElse(0)) {
            return Uni.createFrom().failure(Status.OUT_OF_RANGE.withDescription("ACK_BEYOND_LAST: seq "
                    + request.getSeq() + " was never sent").asRuntimeException());
        }
        long cursor = cursors.merge(request.getRoomId(), request.getSeq(), Math::max);
        return Uni.createFrom().item(AckGiftReply.newBuilder().setAckedSeq(cursor).build());
    }

    @Override
    public Uni<PullGiftsReply> pullGifts(PullGiftsRequest request) {
        List<Gift> after = ledger.getOrDefault(request.getRoomId(), List.of()).stream()
                .filter(g -> g.getSeq() > request.getAfterSeq()).limit(request.getLimit()).toList();
        return Uni.createFrom().item(PullGiftsReply.newBuilder().addAllGifts(after)
                .setAckedSeq(cursors.getOrDefault(request.getRoomId(), 0L)).build());
    }

    @Override
    public Uni<SendGiftReply> sendGift(SendGiftRequest request) {
        return Uni.createFrom().failure(Status.UNIMPLEMENTED.asRuntimeException());
    }
}
