package dev.roomcast.connector.session;

import dev.roomcast.connector.backend.LeaseKeeper;
import dev.roomcast.connector.backend.MemberCounts;
import dev.roomcast.common.ids.Ids;
import dev.roomcast.connector.backend.RoomGateway;
import dev.roomcast.connector.backend.ServiceCredentials;
import dev.roomcast.connector.config.ConnectorConfig;
import dev.roomcast.connector.membership.Mcast;
import dev.roomcast.connector.membership.McastRegistry;
import dev.roomcast.connector.metrics.ConnectorMetrics;
import dev.roomcast.connector.mode.RoomModes;
import dev.roomcast.connector.mode.ViewerSwitcher;
import dev.roomcast.proto.v1.DeliveryMode;
import dev.roomcast.proto.v1.ErrorCode;
import dev.roomcast.proto.v1.Frame;
import dev.roomcast.proto.v1.Join;
import dev.roomcast.proto.v1.JoinOk;
import dev.roomcast.proto.v1.JoinReply;
import dev.roomcast.proto.v1.JoinRequest;
import dev.roomcast.proto.v1.Leave;
import dev.roomcast.proto.v1.LeaveOk;
import dev.roomcast.proto.v1.LeaveRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;

/**
 * Join and leave. room-service is told first; only when it agreed does the connection enter the local
 * mcasts, so a failed join leaves nothing half-done (a partial success is undone). Leave and
 * disconnect remove the local membership at once and tell room-service. A connection counts once per
 * room: a repeated Join of a member is answered locally, one arriving while its first is on the way is
 * answered with it. Joins are sent while fewer than the adaptive admission limit wait for room-service;
 * beyond it they wait their turn in a bounded queue, and only a full queue or too long a wait is
 * answered with a retry-after hint (see {@link JoinAdmission}).
 */
@Singleton
public class RoomMembership {

    private static final Logger LOG = Logger.getLogger(RoomMembership.class);
    /** Repeated Joins of a room already being joined that wait for its answer; more are rate-limited. */
    private static final int MAX_WAITING_JOINS = 4;
    /**
     * A join room-service did not answer in time is sent again by the connector this many times before
     * the client is told: a cold or briefly overloaded room-service then costs the viewer a slower join,
     * not an error and a client-side back-off.
     */
    private static final int MAX_INTERNAL_RETRIES = 2;

    private final ConnectorConfig config;
    private final RoomGateway room;
    private final McastRegistry mcasts;
    private final ServiceCredentials credentials;
    private final ConnectorMetrics metrics;
    private final LeaseKeeper lease;
    private final MemberCounts counts;
    /** Joins sent to room-service and not yet answered, over all connections, under an adaptive limit. */
    private final JoinAdmission admission;
    private final Counter joinsShed;
    private final Counter joinsQueued;
    private final Counter joinsWaitExpired;
    private final Counter joinsRetried;
    private final RoomModes modes;
    private final ViewerSwitcher switcher;

    RoomMembership(ConnectorConfig config, RoomGateway room, McastRegistry mcasts, ServiceCredentials credentials,
            ConnectorMetrics metrics, LeaseKeeper lease, MemberCounts counts, RoomModes modes, ViewerSwitcher switcher,
            MeterRegistry registry) {
        this.modes = modes;
        this.switcher = switcher;
        this.lease = lease;
        this.counts = counts;
        this.joinsShed = Counter.builder("roomcast_connector_joins_shed_total")
                .description("Joins answered UNAVAILABLE with a retry-after at once because the join queue was full")
                .register(registry);
        this.joinsQueued = Counter.builder("roomcast_connector_joins_queued_total")
                .description("Joins that waited in the connector for an admission slot")
                .register(registry);
        this.joinsWaitExpired = Counter.builder("roomcast_connector_joins_wait_expired_total")
                .description("Joins answered UNAVAILABLE with a retry-after because they waited too long for a slot")
                .register(registry);
        this.joinsRetried = Counter.builder("roomcast_connector_joins_retried_total")
                .description("Joins room-service did not answer in time that the connector sent again itself")
                .register(registry);
        this.admission = new JoinAdmission(config.joinsInFlightInitial(), config.joinsInFlightMax(),
                config.joinLatencyTargetMillis(), config.joinsWaitingMax(), config.joinWaitMaxMillis(),
                System::currentTimeMillis);
        Gauge.builder("roomcast_connector_joins_waiting", admission, JoinAdmission::waiting)
                .description("Joins waiting in the connector for an admission slot").register(registry);
        Gauge.builder("roomcast_connector_joins_in_flight", admission, JoinAdmission::inFlight)
                .description("Joins sent to room-service and not yet answered").register(registry);
        Gauge.builder("roomcast_connector_joins_in_flight_limit", admission, JoinAdmission::limit)
                .description("Current adaptive limit of joins in flight (falls when room-service answers slowly)")
                .register(registry);
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
        // A join of this room is on its way: this one is answered with it, so a connection counts once.
        List<Long> waiting = session.joining == null ? null : session.joining.get(roomId);
        if (waiting != null) {
            if (waiting.size() >= MAX_WAITING_JOINS) {
                session.sendRetryable(reqId, ErrorCode.RATE_LIMITED, "a join of room " + roomId + " is in progress",
                        config.retryAfterMillis());
            } else {
                waiting.add(reqId);
            }
            return;
        }
        String roomMcast = "room:" + roomId;
        String giftMcast = "gift:" + roomId;
        boolean inRoom = session.mcasts().contains(roomMcast);
        List<String> wanted = new ArrayList<>(2);
        if (!inRoom) {
            wanted.add(roomMcast);
        }
        if (join.getGiftChannel() && !session.mcasts().contains(giftMcast)) {
            wanted.add(giftMcast);
        }
        if (wanted.isEmpty()) {
            // Already a member: answered as a join would be, without counting the connection again.
            Mcast mcast = mcasts.get(roomMcast);
            JoinReply last = mcast == null ? null : mcast.lastJoin();
            sendJoinOk(session, reqId, roomId, last == null ? JoinReply.getDefaultInstance() : last,
                    session.mcasts().contains(giftMcast));
            return;
        }
        if (!inRoom && session.roomCount() + session.pendingJoins >= config.maxRoomsPerConnection()) {
            session.sendError(reqId, ErrorCode.TOO_MANY_ROOMS, "at most " + config.maxRoomsPerConnection() + " rooms");
            return;
        }
        session.pendingJoins++;
        if (session.joining == null) {
            session.joining = new HashMap<>(2);
        }
        session.joining.put(roomId, new ArrayList<>(1));
        ask(new PendingJoin(session, reqId, roomId, wanted, System.currentTimeMillis()));
    }

    /** Asks admission for a slot for the join: sent now, queued, or refused when the queue is full. */
    private void ask(PendingJoin join) {
        switch (admission.acquireOrWait(join)) {
            case ADMITTED -> join.start();
            case QUEUED -> joinsQueued.increment();
            case REFUSED -> {
                // The wait queue is full: a quick typed refusal beats a time-out and a retry storm.
                joinsShed.increment();
                refuse(join.session, join.reqId, join.roomId, "connector busy joining, retry later");
            }
        }
    }

    /**
     * A join on its way through the connector: waiting for an admission slot, or sent to room-service.
     * A join room-service did not answer in time goes back to the queue (a refusal, e.g. Redis down, is
     * passed on to the client at once with its retry-after), at
     * most {@link #MAX_INTERNAL_RETRIES} times and while it is younger than the longest wait: the client
     * sees a slower join rather than an error (its count was corrected, and the retry carries a newer
     * figure, so nothing is counted twice).
     */
    private final class PendingJoin implements JoinAdmission.Waiter {
        final Session session;
        final long reqId;
        final String roomId;
        final List<String> wanted;
        final long askedAtMillis;
        int attempts;

        PendingJoin(Session session, long reqId, String roomId, List<String> wanted, long askedAtMillis) {
            this.session = session;
            this.reqId = reqId;
            this.roomId = roomId;
            this.wanted = wanted;
            this.askedAtMillis = askedAtMillis;
        }

        @Override
        public void admitted() {
            session.transport().loop().execute(this::start);
        }

        @Override
        public void expired() {
            joinsWaitExpired.increment();
            session.transport().loop().execute(() -> refuse(session, reqId, roomId, "connector busy joining, retry later"));
        }

        /** Sends the join to room-service; this join holds an admission slot (on its session's loop). */
        void start() {
            if (session.closing()) {
                // Left while it waited for its turn: nothing was sent, nothing to undo.
                admission.abandon();
                session.pendingJoins--;
                session.joinSettled(roomId);
                return;
            }
            attempts++;
            long startedMillis = System.currentTimeMillis();
            List<String> counted = new java.util.concurrent.CopyOnWriteArrayList<>();
            joinAll(session, wanted, counted).subscribe().with(
                    reply -> {
                        admission.release(System.currentTimeMillis() - startedMillis, false);
                        session.transport().loop().execute(() -> joined(session, reqId, roomId, wanted, reply));
                    },
                    failure -> {
                        admission.release(System.currentTimeMillis() - startedMillis, congestion(failure));
                        // room-service may have applied some of it (a time-out, or the second mcast failed):
                        // the corrected figure, newer than the join's, undoes it whenever the join lands.
                        for (String mcastId : counted) {
                            room.correct(credentials.connectorId(), mcastId, counts.leaving(mcastId));
                        }
                        if (outcomeUnknown(failure)) {
                            lease.reconcileSoon();   // in case a correction is lost as well
                        }
                        metrics.backendFailure("room.join");
                        session.transport().loop().execute(() -> failed(failure));
                    });
        }

        private void failed(Throwable failure) {
            boolean young = System.currentTimeMillis() - askedAtMillis < config.joinWaitMaxMillis();
            if (timedOut(failure) && attempts <= MAX_INTERNAL_RETRIES && young && !session.closing()) {
                joinsRetried.increment();
                ask(this);
                return;
            }
            refuse(session, reqId, roomId, "room-service unavailable, retry");
        }
    }

    /** Answers a join (and the repeats waiting on it) with UNAVAILABLE and a retry-after hint. */
    private void refuse(Session session, long reqId, String roomId, String why) {
        session.pendingJoins--;
        List<Long> others = session.joinSettled(roomId);
        int retryAfter = retryAfterMillis();
        session.sendRetryable(reqId, ErrorCode.UNAVAILABLE, why, retryAfter);
        for (long other : others == null ? List.<Long>of() : others) {
            session.sendRetryable(other, ErrorCode.UNAVAILABLE, why, retryAfter);
        }
    }

    /** room-service did not answer within the backend time-out: busy (cold, overloaded), not refusing. */
    private static boolean timedOut(Throwable failure) {
        return failure instanceof io.smallrye.mutiny.TimeoutException
                || (failure instanceof StatusRuntimeException sre && sre.getStatus().getCode() == Status.Code.DEADLINE_EXCEEDED);
    }

    /** A time-out or a lost connection: the change may have been applied. A refusal was not. */
    private static boolean outcomeUnknown(Throwable failure) {
        if (failure instanceof StatusRuntimeException sre) {
            Status.Code code = sre.getStatus().getCode();
            return code != Status.Code.RESOURCE_EXHAUSTED && code != Status.Code.INVALID_ARGUMENT
                    && code != Status.Code.PERMISSION_DENIED && code != Status.Code.UNAUTHENTICATED;
        }
        return true;
    }

    /** A time-out, a lost call or an overloaded refusal says room-service is behind; a bad request does not. */
    private static boolean congestion(Throwable failure) {
        return outcomeUnknown(failure) || (failure instanceof StatusRuntimeException sre
                && sre.getStatus().getCode() == Status.Code.RESOURCE_EXHAUSTED);
    }

    /** The hint grows with the joins waiting, and is spread so that refused clients do not return together. */
    private int retryAfterMillis() {
        double pressure = admission.pressure();
        int base = (int) (config.retryAfterMillis() * (1 + 2 * pressure));
        return base + ThreadLocalRandom.current().nextInt(Math.max(1, base / 2));
    }

    /**
     * Joins every mcast at room-service, one after the other; {@code counted} collects the mcasts whose
     * join was sent (and counted here), so that a failure can correct exactly those.
     */
    private Uni<JoinReply> joinAll(Session session, List<String> wanted, List<String> counted) {
        Uni<JoinReply> first = Uni.createFrom().deferred(() -> room.join(joinRequest(session, wanted.get(0), counted)));
        if (wanted.size() == 1) {
            return first;
        }
        return first.onItem().transformToUni(reply -> Uni.createFrom()
                .deferred(() -> room.join(joinRequest(session, wanted.get(1), counted))).replaceWith(reply));
    }

    private void joined(Session session, long reqId, String roomId, List<String> wanted, JoinReply reply) {
        session.pendingJoins--;
        List<Long> others = session.joinSettled(roomId);
        if (session.closing()) {
            // Disconnected while room-service answered: undo what it recorded.
            wanted.forEach(m -> tellLeave(session, m));
            return;
        }
        for (String mcastId : wanted) {
            mcasts.add(mcastId, session);
            // The registry's own id string: one copy per mcast instead of one per member (~56 B each).
            Mcast member = mcasts.get(mcastId);
            String id = member == null ? mcastId : member.id();
            if (!session.mcasts().contains(id)) {
                session.mcasts().add(id);
            }
        }
        String roomMcast = "room:" + roomId;
        Mcast mcast = mcasts.get(roomMcast);
        JoinReply answer = reply;
        if (wanted.contains(roomMcast)) {
            if (mcast != null) {
                mcast.lastJoin(reply);
            }
            // room-service's mode of the room: how a connector new to the room (or one that missed a
            // SetDeliveryMode) learns it. Switches this connector's other viewers too, if it changed.
            modes.fromJoin(roomId, reply.getDeliveryMode() == DeliveryMode.DELIVERY_POLL, reply.getDeliveryReason());
        } else if (mcast != null && mcast.lastJoin() != null) {
            answer = mcast.lastJoin();   // only the gift channel was added: the room's own figures
        }
        boolean gift = session.mcasts().contains("gift:" + roomId);
        sendJoinOk(session, reqId, roomId, answer, gift);
        if (others != null) {
            for (long other : others) {
                sendJoinOk(session, other, roomId, answer, gift);
            }
        }
        if (modes.polls(roomId)) {
            switcher.afterJoin(session, roomId, modes.reason(roomId));   // after JoinOk, never before
        }
    }

    private void sendJoinOk(Session session, long reqId, String roomId, JoinReply reply, boolean giftChannel) {
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
                .setGiftChannel(giftChannel)).build());
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
        if (mcastId.startsWith("room:")) {
            switcher.forget(session, mcastId.substring(5));
        }
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

    private JoinRequest joinRequest(Session session, String mcastId, List<String> counted) {
        MemberCounts.Versioned after = counts.joining(mcastId);
        counted.add(mcastId);
        return JoinRequest.newBuilder().setConnectorId(credentials.connectorId()).setMcastId(mcastId)
                .setUserId(session.principal().userId()).setConnectionId(session.connectionId())
                .setAnonymous(session.principal().anonymous())
                .setMembersAfter(after.members()).setVersion(after.version()).build();
    }

    private LeaveRequest leaveRequest(Session session, String mcastId) {
        MemberCounts.Versioned after = counts.leaving(mcastId);
        return LeaveRequest.newBuilder().setConnectorId(credentials.connectorId()).setMcastId(mcastId)
                .setUserId(session.principal().userId()).setConnectionId(session.connectionId())
                .setMembersAfter(after.members()).setVersion(after.version()).build();
    }
}
