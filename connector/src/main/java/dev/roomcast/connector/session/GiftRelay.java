package dev.roomcast.connector.session;

import dev.roomcast.common.ids.Ids;
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
import io.grpc.Status;
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

    /** True when this ack is the room's anchor moving its cursor past what this connection already holds. */
    boolean advancesCursor(Session session, GiftAck ack) {
        if (!session.principal().isAnchorOf(ack.getRoomId())) {
            return false;
        }
        AckCursor cursor = session.giftAcks().get(ack.getRoomId());
        return cursor == null || ack.getSeq() > cursor.highest();
    }

    /**
     * Relays the anchor's ack. At most one AckGift per room is in flight per connection; acks arriving
     * meanwhile only raise the pending seq, so a burst of one ack per gift costs a few calls, not one each.
     */
    void ack(Session session, long reqId, GiftAck ack) {
        if (!Ids.isRoomId(ack.getRoomId())) {
            session.sendError(reqId, ErrorCode.BAD_ROOM, Ids.ROOM_ID_RULE);
            return;
        }
        if (!session.principal().isAnchorOf(ack.getRoomId())) {
            session.sendError(reqId, ErrorCode.NOT_ALLOWED, "only the room's anchor acknowledges its gifts");
            return;
        }
        AckCursor cursor = session.giftAcks().computeIfAbsent(ack.getRoomId(), r -> new AckCursor());
        if (ack.getSeq() <= cursor.highest()) {
            return; // already relayed or pending; gift-service's cursor never moves back
        }
        cursor.pending = ack.getSeq();
        if (!cursor.inFlight) {
            relay(session, reqId, ack.getRoomId(), cursor);
        }
    }

    private void relay(Session session, long reqId, String roomId, AckCursor cursor) {
        long seq = cursor.pending;
        cursor.inFlight = true;
        gifts.ack(AckGiftRequest.newBuilder().setRoomId(roomId)
                        .setAnchorUserId(session.principal().userId()).setSeq(seq).build())
                .subscribe().with(ok -> session.transport().loop().execute(() -> {
                    cursor.inFlight = false;
                    cursor.sent = Math.max(cursor.sent, seq);
                    if (cursor.pending > cursor.sent && !session.closing()) {
                        relay(session, reqId, roomId, cursor);
                    }
                }), e -> session.transport().loop().execute(() -> {
                    cursor.inFlight = false;
                    cursor.pending = cursor.sent; // let the anchor's retry through
                    if (refusedAsBogus(e)) {
                        // Not a backend failure: the anchor acked a gift that does not exist.
                        session.bogusAck(reqId, "ack of seq " + seq + " refused: " + Status.fromThrowable(e).getDescription());
                        return;
                    }
                    metrics.backendFailure("gift.ack");
                    session.sendError(reqId, ErrorCode.UNAVAILABLE, "gift-service unavailable, ack again later");
                }));
    }

    /** gift-service's answer to an ack beyond the room's last gift (or otherwise invalid): the client's fault. */
    private static boolean refusedAsBogus(Throwable e) {
        Status.Code code = Status.fromThrowable(e).getCode();
        return code == Status.Code.OUT_OF_RANGE || code == Status.Code.INVALID_ARGUMENT;
    }

    /** One anchor connection's ack state for one room; touched only on the connection's event loop. */
    static final class AckCursor {
        long sent;
        long pending;
        boolean inFlight;

        long highest() {
            return Math.max(sent, pending);
        }
    }

    void pull(Session session, long reqId, GiftPull pull) {
        if (!Ids.isRoomId(pull.getRoomId())) {
            session.sendError(reqId, ErrorCode.BAD_ROOM, Ids.ROOM_ID_RULE);
            return;
        }
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
