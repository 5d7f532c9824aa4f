package dev.roomcast.connector.session;

import dev.roomcast.connector.backend.GiftGateway;
import dev.roomcast.connector.metrics.ConnectorMetrics;
import dev.roomcast.proto.v1.AckGiftRequest;
import dev.roomcast.proto.v1.ErrorCode;
import dev.roomcast.proto.v1.Frame;
import dev.roomcast.proto.v1.GiftAck;
import dev.roomcast.proto.v1.GiftPull;
import dev.roomcast.proto.v1.GiftPush;
import dev.roomcast.proto.v1.PullGiftsReply;
import dev.roomcast.proto.v1.PullGiftsRequest;
import jakarta.inject.Singleton;

/** The anchor's side of the reliable gift channel: acks and pulls go to gift-service; a pull's answer comes back as GiftPush. */
@Singleton
public class GiftRelay {

    private static final int MAX_PULL = 200;

    private final GiftGateway gifts;
    private final ConnectorMetrics metrics;

    GiftRelay(GiftGateway gifts, ConnectorMetrics metrics) {
        this.gifts = gifts;
        this.metrics = metrics;
    }

    /** True when this ack is the room's anchor moving its cursor past what this connection already relayed. */
    boolean advancesCursor(Session session, GiftAck ack) {
        if (!session.principal().isAnchorOf(ack.getRoomId())) {
            return false;
        }
        Long relayed = session.giftAcksRelayed().get(ack.getRoomId());
        return relayed == null || ack.getSeq() > relayed;
    }

    void ack(Session session, long reqId, GiftAck ack) {
        if (!session.principal().isAnchorOf(ack.getRoomId())) {
            session.sendError(reqId, ErrorCode.NOT_ALLOWED, "only the room's anchor acknowledges its gifts");
            return;
        }
        Long relayed = session.giftAcksRelayed().get(ack.getRoomId());
        if (relayed != null && ack.getSeq() <= relayed) {
            return; // already relayed; gift-service's cursor never moves back
        }
        session.giftAcksRelayed().put(ack.getRoomId(), ack.getSeq());
        gifts.ack(AckGiftRequest.newBuilder().setRoomId(ack.getRoomId())
                        .setAnchorUserId(session.principal().userId()).setSeq(ack.getSeq()).build())
                .subscribe().with(ok -> { }, e -> session.transport().loop().execute(() -> {
                    session.giftAcksRelayed().remove(ack.getRoomId()); // let the anchor's retry through
                    metrics.backendFailure("gift.ack");
                    session.sendError(reqId, ErrorCode.UNAVAILABLE, "gift-service unavailable, ack again later");
                }));
    }

    void pull(Session session, long reqId, GiftPull pull) {
        if (!session.principal().isAnchorOf(pull.getRoomId())) {
            session.sendError(reqId, ErrorCode.NOT_ALLOWED, "only the room's anchor pulls its gifts");
            return;
        }
        int limit = pull.getLimit() <= 0 ? MAX_PULL : Math.min(pull.getLimit(), MAX_PULL);
        gifts.pull(PullGiftsRequest.newBuilder().setRoomId(pull.getRoomId())
                        .setAnchorUserId(session.principal().userId())
                        .setAfterSeq(pull.getAfterSeq()).setLimit(limit).build())
                .subscribe().with(
                        reply -> session.transport().loop().execute(() -> session.send(pushFrame(reqId, pull, reply))),
                        e -> session.transport().loop().execute(() -> {
                            metrics.backendFailure("gift.pull");
                            session.sendError(reqId, ErrorCode.UNAVAILABLE, "gift-service unavailable, pull again later");
                        }));
    }

    private static Frame pushFrame(long reqId, GiftPull pull, PullGiftsReply reply) {
        return Frame.newBuilder().setReqId(reqId).setGiftPush(GiftPush.newBuilder()
                .setRoomId(pull.getRoomId())
                .addAllGifts(reply.getGiftsList())
                .setAckedSeq(reply.getAckedSeq())).build();
    }
}
