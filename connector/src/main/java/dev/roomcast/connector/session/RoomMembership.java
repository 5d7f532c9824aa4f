package dev.roomcast.connector.session;

import dev.roomcast.common.ids.Ids;
import dev.roomcast.connector.backend.RoomGateway;
import dev.roomcast.connector.backend.ServiceCredentials;
import dev.roomcast.connector.config.ConnectorConfig;
import dev.roomcast.connector.membership.McastRegistry;
import dev.roomcast.connector.metrics.ConnectorMetrics;
import dev.roomcast.proto.v1.ErrorCode;
import dev.roomcast.proto.v1.Frame;
import dev.roomcast.proto.v1.Join;
import dev.roomcast.proto.v1.JoinOk;
import dev.roomcast.proto.v1.JoinReply;
import dev.roomcast.proto.v1.JoinRequest;
import dev.roomcast.proto.v1.Leave;
import dev.roomcast.proto.v1.LeaveOk;
import dev.roomcast.proto.v1.LeaveRequest;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Join and leave. room-service is told first; only when it agreed does the connection enter the local
 * mcasts, so a failed join leaves nothing half-done (a partial success is undone). Leave and
 * disconnect remove the local membership at once and tell room-service.
 */
@Singleton
public class RoomMembership {

    private static final Logger LOG = Logger.getLogger(RoomMembership.class);

    private final ConnectorConfig config;
    private final RoomGateway room;
    private final McastRegistry mcasts;
    private final ServiceCredentials credentials;
    private final ConnectorMetrics metrics;

    RoomMembership(ConnectorConfig config, RoomGateway room, McastRegistry mcasts, ServiceCredentials credentials,
            ConnectorMetrics metrics) {
        this.config = config;
        this.room = room;
        this.mcasts = mcasts;
        this.credentials = credentials;
        this.metrics = metrics;
    }

    void join(Session session, long reqId, Join join) {
        String roomId = join.getRoomId();
        if (!Ids.isRoomId(roomId)) {
            session.sendError(reqId, ErrorCode.BAD_ROOM, Ids.ROOM_ID_RULE);
            return;
        }
        if (join.getGiftChannel() && !session.principal().isAnchorOf(roomId)) {
            session.sendError(reqId, ErrorCode.NOT_ALLOWED, "only the room's anchor may join its gift channel");
            return;
        }
        String roomMcast = "room:" + roomId;
        boolean rejoin = session.mcasts().contains(roomMcast);
        if (!rejoin && session.roomCount() + session.pendingJoins >= config.maxRoomsPerConnection()) {
            session.sendError(reqId, ErrorCode.TOO_MANY_ROOMS, "at most " + config.maxRoomsPerConnection() + " rooms");
            return;
        }
        List<String> wanted = new ArrayList<>(2);
        wanted.add(roomMcast);
        if (join.getGiftChannel()) {
            wanted.add("gift:" + roomId);
        }
        session.pendingJoins++;
        joinAll(session, wanted).subscribe().with(
                reply -> session.transport().loop().execute(() -> joined(session, reqId, roomId, wanted, reply)),
                failure -> session.transport().loop().execute(() -> {
                    session.pendingJoins--;
                    metrics.backendFailure("room.join");
                    session.sendError(reqId, ErrorCode.UNAVAILABLE, "room-service unavailable, retry");
                }));
    }

    /** Joins every mcast at room-service; if one fails, the ones that succeeded are left again. */
    private Uni<JoinReply> joinAll(Session session, List<String> wanted) {
        Uni<JoinReply> first = room.join(joinRequest(session, wanted.get(0)));
        if (wanted.size() == 1) {
            return first;
        }
        return first.onItem().transformToUni(reply -> room.join(joinRequest(session, wanted.get(1)))
                .replaceWith(reply)
                .onFailure().call(e -> room.leave(leaveRequest(session, wanted.get(0)))
                        .onFailure().recoverWithNull()));
    }

    private void joined(Session session, long reqId, String roomId, List<String> wanted, JoinReply reply) {
        session.pendingJoins--;
        if (session.closing()) {
            // Disconnected while room-service answered: undo what it recorded.
            wanted.forEach(m -> tellLeave(session, m));
            return;
        }
        for (String mcastId : wanted) {
            if (!session.mcasts().contains(mcastId)) {
                session.mcasts().add(mcastId);
            }
            mcasts.add(mcastId, session);
        }
        int heartbeat = reply.getHeartbeatIntervalMs() > 0
                ? Math.min(reply.getHeartbeatIntervalMs(), config.roomHeartbeatIntervalMillis())
                : config.roomHeartbeatIntervalMillis();
        session.send(Frame.newBuilder().setReqId(reqId).setJoinOk(JoinOk.newBuilder()
                .setRoomId(roomId)
                .setOnlineCount(reply.getOnlineCount())
                .setPollIntervalMs(reply.getPollIntervalMs() > 0 ? reply.getPollIntervalMs() : config.defaultPollIntervalMillis())
                .setHeartbeatIntervalMs(heartbeat)
                .setLastMsgId(reply.getLastMsgId())
                .setHistoryUrl(config.historyUrl())
                .setGiftChannel(wanted.size() > 1)).build());
    }

    void leave(Session session, long reqId, Leave leave) {
        String roomId = leave.getRoomId();
        String roomMcast = "room:" + roomId;
        if (!session.mcasts().contains(roomMcast)) {
            session.sendError(reqId, ErrorCode.NOT_JOINED, "not in room " + roomId);
            return;
        }
        leaveMcast(session, roomMcast);
        if (session.mcasts().contains("gift:" + roomId)) {
            leaveMcast(session, "gift:" + roomId);
        }
        session.send(Frame.newBuilder().setReqId(reqId).setLeaveOk(LeaveOk.newBuilder().setRoomId(roomId)).build());
    }

    /** Disconnect, idle close, drain: every mcast of the connection is left. */
    public void leaveAll(Session session) {
        if (session.mcasts == null) {
            return;
        }
        for (String mcastId : new ArrayList<>(session.mcasts)) {
            leaveMcast(session, mcastId);
        }
    }

    private void leaveMcast(Session session, String mcastId) {
        session.mcasts.remove(mcastId);
        mcasts.remove(mcastId, session);
        tellLeave(session, mcastId);
    }

    private void tellLeave(Session session, String mcastId) {
        room.leave(leaveRequest(session, mcastId)).subscribe().with(ok -> { }, e -> {
            // The lease repair (re-announce) corrects room-service if this one is lost.
            metrics.backendFailure("room.leave");
            LOG.debugf("leave %s of %s not delivered: %s", mcastId, session.connectionId(), e.getMessage());
        });
    }

    private JoinRequest joinRequest(Session session, String mcastId) {
        return JoinRequest.newBuilder().setConnectorId(credentials.connectorId()).setMcastId(mcastId)
                .setUserId(session.principal().userId()).setConnectionId(session.connectionId())
                .setAnonymous(session.principal().anonymous()).build();
    }

    private LeaveRequest leaveRequest(Session session, String mcastId) {
        return LeaveRequest.newBuilder().setConnectorId(credentials.connectorId()).setMcastId(mcastId)
                .setUserId(session.principal().userId()).setConnectionId(session.connectionId()).build();
    }
}
