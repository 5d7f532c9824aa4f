package dev.roomcast.client;

import dev.roomcast.client.delivery.GiftSequencer;
import dev.roomcast.proto.v1.Frame;
import dev.roomcast.proto.v1.Gift;
import dev.roomcast.proto.v1.GiftAck;
import dev.roomcast.proto.v1.GiftPull;
import dev.roomcast.proto.v1.GiftPush;
import dev.roomcast.proto.v1.PullGiftsReply;
import java.util.ArrayList;
import java.util.List;

/**
 * The anchor side of the reliable gift channel of one room: every gift to the application exactly
 * once and in order; acknowledge the highest contiguous seq; pull after it on (re)join or on a gap;
 * fall back to gift-service REST while the long connection is down.
 *
 * <p>Trusting the server's cursor ({@code deliveredSeq = -1}): the cursor is taken only from the
 * answer to this channel's own {@code GiftPull} (matched by request id) or from a REST page, both read
 * with the page from the ledger. The {@code acked_seq} of a live push is gift-service's in-memory view
 * and may lag (0 for a room it has not tracked since it started), so adopting it would hand the
 * application old gifts again; gifts pushed before the pull's answer are held, not delivered.
 */
final class GiftChannel {

    private static final int PULL_LIMIT = 200;
    private static final long PULL_MIN_GAP_MILLIS = 1000;
    private static final long CURSOR_PULL_RETRY_MILLIS = 2000;
    private static final int MAX_HELD = 10_000;

    private final String roomId;
    private final Session session;
    private final GiftSequencer sequencer;
    private boolean trustServerCursor;   // the app did not say what it already holds, and the server has not told yet
    private final List<Gift> held = new ArrayList<>();   // pushed before the server's cursor was known
    private long lastPullAt;
    private long lastPullReqId = -1;
    private long restTimer = -1;
    private long pullTimer = -1;
    private long cursorTimer = -1;

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

    /** @param reqId the frame's request id: that of our GiftPull when this answers it, 0 for a push by gift-service */
    void onPush(long reqId, GiftPush push) {
        boolean answer = reqId != 0 && reqId == lastPullReqId;
        List<Gift> gifts = push.getGiftsList();
        if (trustServerCursor) {
            if (!answer) {
                hold(gifts);
                return;
            }
            gifts = adoptServerCursor(push.getAckedSeq(), gifts);
        }
        accept(gifts);
        if (sequencer.hasGap()) {
            pull(false);
        } else if (answer && push.getGiftsCount() >= PULL_LIMIT) {
            pull(true);                   // a full page: more may wait after it (a long absence)
        }
    }

    void onDisconnected() {
        stopCursorTimer();
        if (restTimer < 0) {
            restTimer = session.vertx().setPeriodic(1, 2000, id -> pullOverRest());
        }
    }

    void close() {
        stopRest();
        stopPullTimer();
        stopCursorTimer();
    }

    private void hold(List<Gift> gifts) {
        for (Gift g : gifts) {
            if (held.size() < MAX_HELD) {
                held.add(g);             // beyond: still unacknowledged on the server, pulled or re-pushed later
            }
        }
    }

    /**
     * The server's ack cursor, read from the ledger: what this anchor already showed. Returns the gifts
     * to accept now: those held while the cursor was unknown, then the page's.
     */
    private List<Gift> adoptServerCursor(long ackedSeq, List<Gift> page) {
        trustServerCursor = false;
        stopCursorTimer();
        deliver(sequencer.serverAcked(ackedSeq));
        if (held.isEmpty()) {
            return page;
        }
        List<Gift> all = new ArrayList<>(held);
        held.clear();
        all.addAll(page);
        return all;
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
        lastPullReqId = session.nextReqId();   // the connector echoes it on the GiftPush that answers
        session.send(Frame.newBuilder().setReqId(lastPullReqId).setGiftPull(GiftPull.newBuilder()
                .setRoomId(roomId).setAfterSeq(sequencer.contiguous()).setLimit(PULL_LIMIT)).build());
        if (trustServerCursor && cursorTimer < 0) {
            // The answer carries the cursor; if it does not come (gift-service UNAVAILABLE, a lost frame), ask again.
            cursorTimer = session.vertx().setTimer(CURSOR_PULL_RETRY_MILLIS, id -> {
                cursorTimer = -1;
                if (trustServerCursor && session.state() == ConnectionState.CONNECTED) {
                    pull(true);
                }
            });
        }
    }

    private void pullOverRest() {
        if (session.config.token == null) {
            return;
        }
        session.gifts.after(roomId, sequencer.contiguous(), PULL_LIMIT, session.config.token)
                .onSuccess(this::onRestPage);
    }

    private void onRestPage(PullGiftsReply reply) {
        List<Gift> gifts = reply.getGiftsList();
        if (trustServerCursor) {
            gifts = adoptServerCursor(reply.getAckedSeq(), gifts);   // a REST page is read with its cursor, like a pull's answer
        }
        long before = sequencer.contiguous();
        deliver(sequencer.accept(gifts));
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

    private void stopCursorTimer() {
        if (cursorTimer >= 0) {
            session.vertx().cancelTimer(cursorTimer);
            cursorTimer = -1;
        }
    }

    private void stopRest() {
        if (restTimer >= 0) {
            session.vertx().cancelTimer(restTimer);
            restTimer = -1;
        }
    }
}
