package dev.roomcast.client;

import dev.roomcast.client.policy.ErrorClass;
import dev.roomcast.proto.v1.AuthOk;
import dev.roomcast.proto.v1.ErrorCode;
import dev.roomcast.proto.v1.Frame;
import dev.roomcast.proto.v1.GiftPush;
import dev.roomcast.proto.v1.JoinOk;
import dev.roomcast.proto.v1.SwitchToPolling;
import dev.roomcast.proto.v1.SwitchToPush;

/** Interprets server frames for a {@link Session}; the only place that knows every frame kind. */
final class FrameHandler {

    private final Session session;

    FrameHandler(Session session) {
        this.session = session;
    }

    void handle(Frame frame, int wireBytes) {
        switch (frame.getKindCase()) {
            case AUTH_OK -> {
                AuthOk ok = frame.getAuthOk();
                session.heartbeats.configure(ok.getHeartbeatIntervalMs(), ok.getIdleTimeoutMs());
                session.authenticated();
            }
            case JOIN_OK -> joinOk(frame.getReqId(), frame.getJoinOk());
            case BLOCK -> session.onBlock(frame.getBlock(), wireBytes);
            case GIFT_PUSH -> {
                GiftPush push = frame.getGiftPush();
                RoomChannel room = session.rooms.get(push.getRoomId());
                if (room != null && room.gifts != null) {
                    room.gifts.onPush(frame.getReqId(), push);
                }
            }
            case ERROR -> onError(frame.getReqId(), frame.getError().getCodeValue(), frame.getError().getMessage(),
                    frame.getError().getRetryAfterMs());
            case KICK -> {
                int code = frame.getKick().getCodeValue() == 0 ? ErrorCode.KICKED_VALUE : frame.getKick().getCodeValue();
                onError(frame.getReqId(), code, "kicked: " + frame.getKick().getReason());
            }
            case RECONNECT -> {
                session.avoidConnector = session.currentConnector();
                session.dropConnection(frame.getReconnect().getCodeValue(), "server asked to reconnect: "
                        + frame.getReconnect().getReason(), Math.max(0, frame.getReconnect().getDelayMs()));
            }
            case SWITCH_TO_POLLING -> switchToPolling(frame.getSwitchToPolling());
            case SWITCH_TO_PUSH -> switchToPush(frame.getSwitchToPush());
            case REFRESH -> session.onRefresh(frame.getRefresh());
            default -> {
                // Heartbeat echoes and LeaveOk need nothing beyond the liveness already noted.
            }
        }
    }

    /** A JoinOk goes to the channel whose Join it answers; a channel the app left meanwhile is left on the server now. */
    private void joinOk(long reqId, JoinOk ok) {
        session.heartbeats.roomInterval(ok.getHeartbeatIntervalMs());
        RoomChannel room = session.pendingJoin(reqId);
        if (room == null) {
            room = session.rooms.get(ok.getRoomId());
        }
        if (room == null || !session.isCurrent(room)) {
            if (!session.rooms.containsKey(ok.getRoomId())) {
                session.sendLeave(ok.getRoomId());   // left while the Join was in flight
            }   // else re-joined meanwhile: the newer Join's answer serves the new channel
            return;
        }
        room.onJoinOk(ok);
    }

    void closedByServer(int code, String reason) {
        if (ErrorClass.of(code) == ErrorClass.TERMINAL) {
            session.terminate(code, reason);
        } else {
            session.dropConnection(code, "connection closed: " + reason, -1);
        }
    }

    private void onError(long reqId, int code, String message) {
        onError(reqId, code, message, 0);
    }

    private void onError(long reqId, int code, String message, int retryAfterMillis) {
        switch (ErrorClass.of(code)) {
            case REQUEST -> {
                RoomChannel failed = session.pendingJoin(reqId);
                if (failed != null && session.isCurrent(failed)) {
                    if (ErrorClass.retryable(code)) {
                        failed.retryJoinLater(retryAfterMillis);   // "not now": the app stays in the room, the join goes again
                    } else if (!failed.joined.isDone()) {
                        // A refused join (bad room, too many rooms, not allowed): the app decides what next.
                        session.rooms.remove(failed.roomId);
                        failed.joined.completeExceptionally(new RoomcastException(code, message));
                        failed.close();
                    }
                }
                session.listener.onError(code, message);
            }
            case RECONNECT -> {
                if (code == ErrorCode.RECONNECT_VALUE || code == ErrorCode.SHUTDOWN_VALUE) {
                    session.avoidConnector = session.currentConnector();   // draining or stopping: go elsewhere
                }
                session.dropConnection(code, message, -1);
            }
            case TERMINAL -> session.terminate(code, message);
        }
    }

    private void switchToPush(SwitchToPush s) {
        RoomChannel room = session.rooms.get(s.getRoomId());
        if (room != null) {
            room.switchToPush(s.getSettleMs());
        }
    }

    private void switchToPolling(SwitchToPolling s) {
        for (RoomChannel room : session.rooms.values()) {
            if (s.getRoomId().isEmpty() || s.getRoomId().equals(room.roomId)) {
                room.switchToPolling(s.getPollIntervalMs(), s.getCursor());
            }
        }
    }
}
