package dev.roomcast.connector.session;

import dev.roomcast.common.auth.Principal;
import dev.roomcast.connector.transport.ClientTransport;
import dev.roomcast.connector.transport.EncodedFrame;
import dev.roomcast.connector.transport.FrameSink;
import dev.roomcast.proto.v1.Error;
import dev.roomcast.proto.v1.ErrorCode;
import dev.roomcast.proto.v1.Frame;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * One client connection's state. Kept small (it exists once per connection) and confined to the
 * connection's event loop: every method except {@link #closing()} runs there.
 */
public final class Session implements FrameSink {

    private final ClientTransport transport;
    private final SessionHandler handler;
    /** The connection's UUID as its two halves: its text (~80 B) is made only when sent (auth, join, leave). */
    private final long connectionIdHigh;
    private final long connectionIdLow;
    private final int loopIndex;
    private final long openedAtMillis;

    Principal principal;
    long lastSeenMillis;
    /** mcasts this connection is in (room:{id}, gift:{id}); "global" is implied by authentication. */
    List<String> mcasts;
    int pendingJoins;
    /** Rooms with a join on its way to room-service -> further Join reqIds answered when it completes. */
    java.util.Map<String, List<Long>> joining;
    double rateTokens;
    long rateRefillNanos;
    /** Bad frames and rate violations, decaying over time (see {@link SessionHandler#reject}). */
    int abuse;
    long abuseAtMillis;
    /** When the server asked for a fresh token (0 = not asked since the last token). */
    long refreshAskedAtMillis;
    /** Set once an ack of this connection was refused as bogus: its acks are charged from then on. */
    boolean bogusAcks;
    long blockedSinceMillis;
    /** Rooms this viewer was switched to polling in (room ids; touched on its event loop only). */
    private java.util.Set<String> pollingRooms;
    /** Gift ack relay state per room (anchor connections only; touched on its event loop). */
    private java.util.Map<String, GiftRelay.AckCursor> giftAcks;
    private volatile boolean closing;
    /** Set at Auth: this connection reads PAYLOAD_COMPACT blocks (it asked for them, and its frames are binary). */
    boolean compactBlocks;
    /** Written by the fan-out and waiting in its loop's flush queue (loop-confined): queued there once. */
    private boolean flushQueued;

    Session(ClientTransport transport, SessionHandler handler, UUID connectionId, int loopIndex, double burst) {
        this.transport = transport;
        this.handler = handler;
        this.connectionIdHigh = connectionId.getMostSignificantBits();
        this.connectionIdLow = connectionId.getLeastSignificantBits();
        this.loopIndex = loopIndex;
        this.openedAtMillis = System.currentTimeMillis();
        this.lastSeenMillis = openedAtMillis;
        this.rateTokens = burst;
        this.rateRefillNanos = System.nanoTime();
    }

    /**
     * The join of the room got its answer: the repeats that waited on it. The map goes once empty, since
     * most connections join once and would otherwise keep it (~100 B) for their lifetime.
     */
    List<Long> joinSettled(String roomId) {
        if (joining == null) {
            return null;
        }
        List<Long> waiting = joining.remove(roomId);
        if (joining.isEmpty()) {
            joining = null;
        }
        return waiting;
    }

    java.util.Map<String, GiftRelay.AckCursor> giftAcks() {
        if (giftAcks == null) {
            giftAcks = new java.util.HashMap<>(2);
        }
        return giftAcks;
    }

    /** True when the room's blocks are not written to this connection (it polls). Loop-confined. */
    public boolean polls(String roomId) {
        return pollingRooms != null && pollingRooms.contains(roomId);
    }

    /** @return true if it was not polling the room yet. Loop-confined. */
    public boolean startPolling(String roomId) {
        if (pollingRooms == null) {
            pollingRooms = new java.util.HashSet<>(2);
        }
        return pollingRooms.add(roomId);
    }

    /** @return true if it was polling the room. Loop-confined. */
    public boolean stopPolling(String roomId) {
        return pollingRooms != null && pollingRooms.remove(roomId);
    }

    /** Never switched: anchors (their room's public channel included) and connections in the room's gift channel. */
    public boolean switchable(String roomId) {
        return principal != null && principal.role() == dev.roomcast.common.auth.Role.VIEWER && !principal.isAnchorOf(roomId)
                && (mcasts == null || !mcasts.contains("gift:" + roomId));
    }

    /** True when room blocks go to this connection in the compact form (negotiated at Auth). */
    public boolean readsCompactBlocks() {
        return compactBlocks;
    }

    /** @return true if it was not waiting for the fan-out's flush yet. Loop-confined. */
    public boolean queueForFlush() {
        if (flushQueued) {
            return false;
        }
        flushQueued = true;
        return true;
    }

    /** Taken out of the fan-out's flush queue, about to be flushed. Loop-confined. */
    public void flushDequeued() {
        flushQueued = false;
    }

    public boolean inMcast(String mcastId) {
        return mcasts != null && mcasts.contains(mcastId);
    }

    public ClientTransport transport() {
        return transport;
    }

    public String connectionId() {
        return new UUID(connectionIdHigh, connectionIdLow).toString();
    }

    public int loopIndex() {
        return loopIndex;
    }

    public Principal principal() {
        return principal;
    }

    public boolean authenticated() {
        return principal != null;
    }

    public boolean closing() {
        return closing;
    }

    long openedAtMillis() {
        return openedAtMillis;
    }

    List<String> mcasts() {
        if (mcasts == null) {
            mcasts = new ArrayList<>(2);
        }
        return mcasts;
    }

    int roomCount() {
        if (mcasts == null) {
            return 0;
        }
        int rooms = 0;
        for (String m : mcasts) {
            if (m.startsWith("room:")) {
                rooms++;
            }
        }
        return rooms;
    }

    /**
     * Writes and flushes one control frame (AuthOk, JoinOk, Error...). Never dropped, but bounded: a
     * client that does not read its replies is closed SLOW (see {@link Outbound#admitReliable}).
     */
    public void send(Frame frame) {
        if (closing || !transport.isOpen()) {
            return;
        }
        EncodedFrame encoded = EncodedFrame.of(frame);
        try {
            if (!handler.admitReply(this, encoded.size())) {
                return;
            }
            transport.write(encoded);
            transport.flush();
        } finally {
            encoded.release();
        }
    }

    void sendError(long reqId, ErrorCode code, String message) {
        send(Frame.newBuilder().setReqId(reqId)
                .setError(Error.newBuilder().setCode(code).setMessage(message)).build());
    }

    /** A retryable refusal (UNAVAILABLE, RATE_LIMITED) with how long the client should wait first. */
    void sendRetryable(long reqId, ErrorCode code, String message, int retryAfterMillis) {
        send(Frame.newBuilder().setReqId(reqId).setError(Error.newBuilder().setCode(code).setMessage(message)
                .setRetryAfterMs(retryAfterMillis)).build());
    }

    /** Tells the client why (an Error frame with the code), then closes with the same code. */
    public void closeWith(ErrorCode code, String message) {
        closeAfter(Frame.newBuilder().setError(Error.newBuilder().setCode(code).setMessage(message)).build(),
                code, message);
    }

    /** Writes a last frame (Error, Kick, Reconnect), then closes with the code. Runs on the loop. */
    public void closeAfter(Frame last, ErrorCode code, String reason) {
        if (closing) {
            return;
        }
        send(last);
        closing = true;
        handler.closing(this, code);
        transport.close(code, reason);
    }

    /** gift-service refused an ack of this connection as beyond its last gift. */
    void bogusAck(long reqId, String message) {
        handler.bogusAck(this, reqId, message);
    }

    /** Closes without a last frame: the outbound queue it would join is the problem. */
    void closeNow(ErrorCode code, String reason) {
        if (closing) {
            return;
        }
        closing = true;
        handler.closing(this, code);
        transport.close(code, reason);
    }

    /** Tells the client why and closes at once: the stream below cannot be read any more. */
    void abortWith(ErrorCode code, String message) {
        if (closing) {
            return;
        }
        send(Frame.newBuilder().setError(Error.newBuilder().setCode(code).setMessage(message)).build());
        closing = true;
        handler.closing(this, code);
        transport.abort(code, message);
    }

    @Override
    public void onBinary(byte[] frame) {
        handler.onBinary(this, frame);
    }

    @Override
    public void onText(String json) {
        handler.onText(this, json);
    }

    @Override
    public void onOversized(long length) {
        handler.onOversized(this, length);
    }

    @Override
    public void onUnreadable(String reason) {
        handler.onUnreadable(this, reason);
    }

    @Override
    public void onClosed() {
        closing = true;
        handler.onClosed(this);
    }
}
