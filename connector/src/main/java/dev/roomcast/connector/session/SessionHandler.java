package dev.roomcast.connector.session;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.roomcast.connector.config.ConnectorConfig;
import dev.roomcast.connector.drain.DrainState;
import dev.roomcast.connector.membership.ConnectionRegistry;
import dev.roomcast.connector.metrics.ConnectorMetrics;
import dev.roomcast.connector.transport.Acceptor;
import dev.roomcast.connector.transport.ClientTransport;
import dev.roomcast.connector.transport.EventLoops;
import dev.roomcast.connector.transport.FrameSink;
import dev.roomcast.proto.v1.ErrorCode;
import dev.roomcast.proto.v1.Frame;
import dev.roomcast.proto.v1.Heartbeat;
import jakarta.inject.Singleton;
import java.util.UUID;

/**
 * Inbound path of every connection: admission limits, decoding, rate limit and abuse counting, then
 * dispatch by frame kind. Business steps live in {@link Authenticator}, {@link RoomMembership} and
 * {@link GiftRelay}.
 */
@Singleton
public class SessionHandler implements Acceptor {

    private static final JsonFormat.Parser JSON = JsonFormat.parser();

    private final ConnectorConfig config;
    private final ConnectionRegistry connections;
    private final EventLoops loops;
    private final Authenticator authenticator;
    private final RoomMembership membership;
    private final GiftRelay gifts;
    private final ConnectorMetrics metrics;
    private final DrainState drain;
    /** max-connections, capped below the open-file limit (see {@link ConnectionCap}); read at the first accept. */
    private volatile int maxConnections = -1;
    private final Outbound outbound;

    SessionHandler(ConnectorConfig config, ConnectionRegistry connections, EventLoops loops,
            Authenticator authenticator, RoomMembership membership, GiftRelay gifts,
            ConnectorMetrics metrics, DrainState drain, Outbound outbound) {
        this.config = config;
        this.connections = connections;
        this.loops = loops;
        this.authenticator = authenticator;
        this.membership = membership;
        this.gifts = gifts;
        this.metrics = metrics;
        this.drain = drain;
        this.outbound = outbound;
    }

    /** The outbound bound applied to replies (see {@link Outbound#admitReliable}). */
    boolean admitReply(Session session, int size) {
        return outbound == null || outbound.admitReliable(session, size);
    }

    /** A frame the transport could not even skip: typed close FRAME_TOO_LARGE, counted like a bad frame. */
    void onUnreadable(Session session, String reason) {
        if (session.closing()) {
            return;
        }
        metrics.error(ErrorCode.FRAME_TOO_LARGE);
        session.abortWith(ErrorCode.FRAME_TOO_LARGE, reason);
    }

    private int maxConnections() {
        int cap = maxConnections;
        if (cap < 0) {
            cap = ConnectionCap.of(config);   // two loops racing here compute the same value
            maxConnections = cap;
        }
        return cap;
    }

    @Override
    public FrameSink accept(ClientTransport transport) {
        Session session = new Session(transport, this, UUID.randomUUID(),
                loops.indexOf(transport.loop()), config.inboundBurst());
        metrics.connectionOpened(transport.kind());
        if (drain.draining()) {
            session.closeWith(ErrorCode.RECONNECT, "connector is draining");
        } else if (!connections.tryOpen(session, maxConnections(), config.maxConnectionsPerIp())) {
            session.closeWith(ErrorCode.CONNECTION_LIMIT, "too many connections");
        }
        return session;
    }

    void onBinary(Session session, byte[] bytes) {
        if (!admit(session)) {
            return;
        }
        if (bytes.length == 0) {
            reject(session, 0, ErrorCode.BAD_FRAME, "empty frame");
            return;
        }
        Frame frame;
        try {
            frame = Frame.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            reject(session, 0, ErrorCode.BAD_FRAME, "undecodable frame");
            return;
        }
        dispatch(session, frame);
    }

    void onText(Session session, String json) {
        if (!admit(session)) {
            return;
        }
        Frame.Builder frame = Frame.newBuilder();
        try {
            JSON.merge(json, frame);
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            reject(session, 0, ErrorCode.BAD_FRAME, "undecodable JSON frame");
            return;
        }
        dispatch(session, frame.build());
    }

    void onOversized(Session session, long length) {
        if (admit(session)) {
            reject(session, 0, ErrorCode.FRAME_TOO_LARGE,
                    "frame of " + length + " bytes exceeds " + config.maxInboundFrameBytes());
        }
    }

    private boolean admit(Session session) {
        if (session.closing()) {
            return false;
        }
        session.lastSeenMillis = System.currentTimeMillis();
        return true;
    }

    /**
     * The inbound budget, charged once a frame is decoded (its size is already bounded). An anchor's ack
     * that moves its cursor forward is free: it answers the server's own gift pushes, one per gift, and a
     * gift burst must never get the anchor rate-limited and closed. Repeated or stale acks are charged,
     * and so is every ack of a connection once one of its acks was refused as bogus (beyond the last
     * gift): a loop of {@code GiftAck{seq = MAX}} is then throttled like any other frame.
     */
    private boolean withinRate(Session session, Frame frame) {
        if (frame.getKindCase() == Frame.KindCase.GIFT_ACK && session.authenticated() && !session.bogusAcks
                && gifts.advancesCursor(session, frame.getGiftAck())) {
            return true;
        }
        if (!takeRateToken(session)) {
            reject(session, frame.getReqId(), ErrorCode.RATE_LIMITED,
                    "more than " + config.inboundFramesPerSecond() + " frames/s");
            return false;
        }
        return true;
    }

    private boolean takeRateToken(Session s) {
        long now = System.nanoTime();
        double refill = (now - s.rateRefillNanos) / 1e9 * config.inboundFramesPerSecond();
        s.rateRefillNanos = now;
        s.rateTokens = Math.min(config.inboundBurst(), s.rateTokens + refill);
        if (s.rateTokens < 1) {
            return false;
        }
        s.rateTokens -= 1;
        return true;
    }

    private void dispatch(Session session, Frame frame) {
        if (!withinRate(session, frame)) {
            return;
        }
        long reqId = frame.getReqId();
        if (!session.authenticated() && frame.getKindCase() != Frame.KindCase.AUTH) {
            reject(session, reqId, ErrorCode.NOT_AUTHENTICATED, "send Auth first");
            return;
        }
        switch (frame.getKindCase()) {
            case AUTH -> authenticator.authenticate(session, reqId, frame.getAuth());
            case HEARTBEAT -> session.send(Frame.newBuilder().setReqId(reqId).setHeartbeat(Heartbeat.newBuilder()
                    .setClientTimeMs(frame.getHeartbeat().getClientTimeMs())
                    .setServerTimeMs(System.currentTimeMillis())).build());
            case JOIN -> membership.join(session, reqId, frame.getJoin());
            case LEAVE -> membership.leave(session, reqId, frame.getLeave());
            case GIFT_ACK -> gifts.ack(session, reqId, frame.getGiftAck());
            case GIFT_PULL -> gifts.pull(session, reqId, frame.getGiftPull());
            case REFRESH -> authenticator.refresh(session, reqId, frame.getRefresh());
            case KIND_NOT_SET -> reject(session, reqId, ErrorCode.UNKNOWN_FRAME, "frame kind unknown or missing");
            default -> reject(session, reqId, ErrorCode.UNKNOWN_FRAME,
                    frame.getKindCase().name().toLowerCase() + " is not accepted from a client");
        }
    }

    /**
     * Answers a request-level error; past the abuse threshold the connection is closed. The score decays
     * by one point per {@code abuse-decay-millis}: a burst of bad frames closes the connection, the same
     * number scattered over hours of a long-lived connection does not.
     */
    void reject(Session session, long reqId, ErrorCode code, String message) {
        metrics.error(code);
        long now = System.currentTimeMillis();
        if (session.abuse == 0) {
            session.abuseAtMillis = now;
        } else {
            // Whole points only, the remainder carried: N bad frames in a burst still count N.
            long points = (now - session.abuseAtMillis) / config.abuseDecayMillis();
            if (points > 0) {
                session.abuse = (int) Math.max(0, session.abuse - points);
                session.abuseAtMillis += points * config.abuseDecayMillis();
            }
        }
        session.abuse += 1;
        if (session.abuse >= config.abuseThreshold()) {
            session.closeWith(ErrorCode.ABUSE, "too many bad frames or rate violations");
            return;
        }
        session.sendError(reqId, code, message);
    }

    /** An ack gift-service refused as beyond the last gift: a request error, and acks are charged from now on. */
    void bogusAck(Session session, long reqId, String message) {
        session.bogusAcks = true;
        takeRateToken(session);
        reject(session, reqId, ErrorCode.NOT_ALLOWED, message);
    }

    /** Called once when the session starts closing on the server's initiative. */
    void closing(Session session, ErrorCode code) {
        metrics.closed(code);
    }

    void onClosed(Session session) {
        connections.close(session);
        metrics.connectionClosed(session.transport().kind(), session.authenticated());
        membership.leaveAll(session);
    }
}
