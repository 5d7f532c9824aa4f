package dev.roomcast.connector.session;

import dev.roomcast.connector.config.ConnectorConfig;
import dev.roomcast.connector.metrics.ConnectorMetrics;
import dev.roomcast.connector.transport.EncodedFrame;
import dev.roomcast.proto.v1.ErrorCode;
import jakarta.inject.Singleton;

/**
 * The back-pressure policy of a connection's outbound queue (the bytes the socket has not taken yet):
 * a normal block that would overflow the bound is dropped and the connection marked blocked; blocked
 * for longer than the slow limit, it is closed with SLOW. Gifts and replies are never dropped (the client
 * waits for them), but they are bounded too: above the bound the slow timer runs, and above twice the
 * bound the connection is closed SLOW at once, so a client that never reads costs at most that much
 * memory whatever it is sent. Runs on the connection's loop.
 */
@Singleton
public class Outbound {

    public enum Result { WRITTEN, DROPPED, CLOSED }

    private final long maxBytes;
    private final long slowMillis;
    private final ConnectorMetrics metrics;

    Outbound(ConnectorConfig config, ConnectorMetrics metrics) {
        this.maxBytes = config.outboundQueueMaxBytes();
        this.slowMillis = config.slowCloseMillis();
        this.metrics = metrics;
    }

    /** Queues the frame (flush is the caller's, once per batch). */
    public Result offer(Session session, EncodedFrame frame, boolean reliable) {
        return offer(session, frame, reliable, false);
    }

    /** As {@link #offer(Session, EncodedFrame, boolean)}; with {@code flushNow}, written and flushed at once. */
    public Result offer(Session session, EncodedFrame frame, boolean reliable, boolean flushNow) {
        if (session.closing() || !session.transport().isOpen()) {
            return Result.CLOSED;
        }
        if (reliable && !admitReliable(session, frame.size())) {
            return Result.CLOSED;
        }
        long pending = session.transport().pendingBytes();
        if (!reliable && pending + frame.size() > maxBytes) {
            long now = System.currentTimeMillis();
            if (session.blockedSinceMillis == 0) {
                session.blockedSinceMillis = now;
            } else if (now - session.blockedSinceMillis > slowMillis) {
                session.closeWith(ErrorCode.SLOW, "outbound queue full for more than " + slowMillis + " ms");
            }
            return Result.DROPPED;
        }
        session.blockedSinceMillis = 0;
        if (pending > 0) {
            metrics.queueSeen(pending + frame.size());
        }
        if (flushNow) {
            session.transport().writeAndFlush(frame);
        } else {
            session.transport().write(frame);
        }
        return Result.WRITTEN;
    }

    /**
     * Whether a frame that must not be dropped (a reply, a gift) may still be queued: true within the
     * bound; past it the slow timer starts; past twice the bound the connection is closed SLOW now.
     */
    boolean admitReliable(Session session, int size) {
        long pending = session.transport().pendingBytes();
        if (pending + size <= maxBytes) {
            return true;
        }
        if (pending + size > 2 * maxBytes) {
            session.closeNow(ErrorCode.SLOW, "outbound queue above " + 2 * maxBytes + " bytes");
            return false;
        }
        if (session.blockedSinceMillis == 0) {
            session.blockedSinceMillis = System.currentTimeMillis();
        }
        return true;
    }

    /**
     * Sweep check: a connection whose queue is still at least half full past the slow limit is closed even
     * without new pushes. The slow timer is not cleared here: only a frame the queue accepts again clears it
     * ({@link #offer}). A queue stuck part-full (the socket took part of a large frame, then nothing) drops
     * every frame larger than the room left; clearing the timer because it is below half would keep such a
     * connection open forever, receiving nothing.
     */
    void check(Session session, long now) {
        if (session.blockedSinceMillis == 0) {
            return;
        }
        if (session.transport().pendingBytes() >= maxBytes / 2 && now - session.blockedSinceMillis > slowMillis) {
            session.closeWith(ErrorCode.SLOW, "outbound queue full for more than " + slowMillis + " ms");
        }
    }
}
