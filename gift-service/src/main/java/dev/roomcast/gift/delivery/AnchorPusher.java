package dev.roomcast.gift.delivery;

import dev.roomcast.gift.ledger.LedgerGift;
import dev.roomcast.gift.metrics.GiftMetrics;
import dev.roomcast.proto.v1.ConnectorInfo;
import dev.roomcast.proto.v1.Frame;
import dev.roomcast.proto.v1.GiftPush;
import dev.roomcast.proto.v1.PushGiftRequest;
import com.google.protobuf.ByteString;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Pushes gifts to a room's anchor: one GiftPush frame, encoded once, sent to every connector in the
 * route of {@code gift:{roomId}}. Reports how many anchor connections were written to; 0 means the
 * anchor is not connected anywhere (the re-push loop and the anchor's pull cover that).
 */
@ApplicationScoped
public class AnchorPusher {

    private static final Logger LOG = Logger.getLogger(AnchorPusher.class);

    private final RoomClient room;
    private final ConnectorChannels channels;
    private final GiftMetrics metrics;

    AnchorPusher(RoomClient room, ConnectorChannels channels, GiftMetrics metrics) {
        this.room = room;
        this.channels = channels;
        this.metrics = metrics;
    }

    public Uni<Integer> push(String roomId, List<LedgerGift> gifts, long ackedSeq, boolean repush) {
        GiftPush.Builder push = GiftPush.newBuilder().setRoomId(roomId).setAckedSeq(ackedSeq);
        gifts.forEach(g -> push.addGifts(g.toProto()));
        ByteString frame = Frame.newBuilder().setGiftPush(push).build().toByteString();
        PushGiftRequest request = PushGiftRequest.newBuilder().setRoomId(roomId).setFrame(frame).build();
        return room.giftRoute(roomId)
                .chain(connectors -> pushToAll(connectors, request))
                .invoke(delivered -> {
                    metrics.pushed(gifts.size(), repush);
                    if (delivered == 0) {
                        metrics.pushUndelivered();
                        room.forgetRoute(roomId);
                    }
                })
                .onFailure().invoke(e -> {
                    metrics.pushFailed();
                    room.forgetRoute(roomId);
                    LOG.debugf("gift push to room %s failed: %s", roomId, e.toString());
                });
    }

    private Uni<Integer> pushToAll(List<ConnectorInfo> connectors, PushGiftRequest request) {
        if (connectors.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        List<Uni<Integer>> calls = new ArrayList<>(connectors.size());
        for (ConnectorInfo c : connectors) {
            calls.add(channels.stub(c.getGrpcAddress()).pushGift(request)
                    .map(reply -> reply.getDelivered())
                    // One unreachable connector must not hide the anchor on another: count it as 0.
                    .onFailure().recoverWithItem(e -> {
                        metrics.pushFailed();
                        return 0;
                    }));
        }
        return Uni.join().all(calls).andFailFast().map(list -> list.stream().mapToInt(Integer::intValue).sum());
    }
}
