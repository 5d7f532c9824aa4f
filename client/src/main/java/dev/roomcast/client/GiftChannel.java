package dev.roomcast.client;

import dev.roomcast.client.delivery.GiftSequencer;
import dev.roomcast.proto.v1.Frame;
import dev.roomcast.proto.v1.Gift;
import dev.roomcast.proto.v1.GiftAck;
import dev.roomcast.proto.v1.GiftPull;
import dev.roomcast.proto.v1.GiftPush;
import dev.roomcast.proto.v1.PullGiftsReply;
import java.util.List;

/**
 * The anchor side of the reliable gift channel of one room: every gift to the application exactly
 * once and in order; acknowledge the highest contiguous seq; pull after it on (re)join or on a gap;
 * fall back to gift-service REST while the long connection is down.
 */
final class GiftChannel {

    private static final int PULL_LIMIT = 200;
    private static final long PULL_MIN_GAP_MILLIS = 1000;

    private final String roomId;
    private final Session session;
    private final GiftSequencer sequencer;
    private boolean trustServerCursor;   // the app did not say what it already holds
    private long lastPullAt;
    private long restTimer = -1;
    private long pullTimer = -1;

    GiftChannel(String roomId, Session session, long alreadyDelivered) {
        this.roomId = roomId;
        this.session = session;
        this.trustServerCursor = alreadyDelivered < 0;
        this.sequencer = new GiftSequencer(Math.max(0, alreadyDelivered), 10_000);
    }

    long contiguous() {
        return sequencer.contiguous();
    }

    void onJoined() {
        stopRest();
        pull(true);
    }

    void onPush(GiftPush push) {
        if (trustServerCursor) {
            trustServerCursor = false;
            deliver(sequencer.serverAcked(push.getAckedSeq()));
        }
        accept(push.getGiftsList());
        if (sequencer.hasGap()) {
            pull(false);
        }
    }

    void onDisconnected() {
        if (restTimer < 0) {
            restTimer = session.vertx().setPeriodic(1, 2000, id -> pullOverRest());
        }
    }

    void close() {
        stopRest();
        stopPullTimer();
    }

    private void accept(List<Gift> gifts) {
        long before = sequencer.contiguous();
        deliver(sequencer.accept(gifts));
        if (sequencer.contiguous() > before || !gifts.isEmpty()) {
            // Ack even a pure duplicate: the server re-pushed because our previous ack was lost.
            session.send(Frame.newBuilder().setGiftAck(GiftAck.newBuilder()
                    .setRoomId(roomId).setSeq(sequencer.contiguous())).build());
        }
    }

    private void pull(boolean force) {
        long now = System.currentTimeMillis();
        long wait = lastPullAt + PULL_MIN_GAP_MILLIS - now;
        if (!force && wait > 0) {
            // A pull was just sent; its answer may fill the hole. If not, pull again once it is due.
            if (pullTimer < 0) {
                pullTimer = session.vertx().setTimer(wait, id -> {
                    pullTimer = -1;
                    if (sequencer.hasGap()) {
                        pull(false);
                    }
                });
            }
            return;
        }
        lastPullAt = now;
        session.send(Frame.newBuilder().setGiftPull(GiftPull.newBuilder()
                .setRoomId(roomId).setAfterSeq(sequencer.contiguous()).setLimit(PULL_LIMIT)).build());
    }

    private void pullOverRest() {
        if (session.config.token == null) {
            return;
        }
        session.gifts.after(roomId, sequencer.contiguous(), PULL_LIMIT, session.config.token)
                .onSuccess(this::onRestPage);
    }

    private void onRestPage(PullGiftsReply reply) {
        if (trustServerCursor) {
            trustServerCursor = false;
            deliver(sequencer.serverAcked(reply.getAckedSeq()));
        }
        long before = sequencer.contiguous();
        deliver(sequencer.accept(reply.getGiftsList()));
        if (sequencer.contiguous() > before) {
            session.gifts.ack(roomId, sequencer.contiguous(), session.config.token);
        }
    }

    private void deliver(List<Gift> ready) {
        if (!ready.isEmpty()) {
            session.stats.giftsDelivered += ready.size();
            session.listener.onGifts(roomId, ready);
        }
    }

    private void stopPullTimer() {
        if (pullTimer >= 0) {
            session.vertx().cancelTimer(pullTimer);
            pullTimer = -1;
        }
    }

    private void stopRest() {
        if (restTimer >= 0) {
            session.vertx().cancelTimer(restTimer);
            restTimer = -1;
        }
    }
}
