package dev.roomcast.connector.backend;

import dev.roomcast.connector.config.ConnectorConfig;
import dev.roomcast.proto.v1.AnnounceMcastsReply;
import dev.roomcast.proto.v1.AnnounceMcastsRequest;
import dev.roomcast.proto.v1.JoinReply;
import dev.roomcast.proto.v1.JoinRequest;
import dev.roomcast.proto.v1.LeaveReply;
import dev.roomcast.proto.v1.LeaveRequest;
import dev.roomcast.proto.v1.MembershipBatchRequest;
import dev.roomcast.proto.v1.MembershipChange;
import dev.roomcast.proto.v1.MembershipResult;
import dev.roomcast.proto.v1.RegisterConnectorReply;
import dev.roomcast.proto.v1.RegisterConnectorRequest;
import dev.roomcast.proto.v1.RenewConnectorReply;
import dev.roomcast.proto.v1.RenewConnectorRequest;
import dev.roomcast.proto.v1.RoomService;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.grpc.RegisterClientInterceptor;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * room-service as the connector needs it: membership, leases, route repair. Every call has a deadline.
 * Joins and leaves are coalesced into UpdateMembership calls (see {@link MembershipCoalescer}) unless
 * the batching window is 0, which keeps one Join/Leave call per change. Leases and announces use a
 * channel of their own ("room-lease"), so a membership flood cannot starve the renewal that keeps
 * this connector's routes.
 */
@Singleton
public class RoomGateway {

    @GrpcClient("room")
    @RegisterClientInterceptor(ServiceCredentialInterceptor.class)
    RoomService room;

    @GrpcClient("room-lease")
    @RegisterClientInterceptor(ServiceCredentialInterceptor.class)
    RoomService lease;

    private final Duration timeout;
    private final MembershipCoalescer coalescer;
    private final MembershipActivity activity;
    private final Counter corrections;

    RoomGateway(ConnectorConfig config, Vertx vertx, MeterRegistry registry, MembershipActivity activity) {
        this.activity = activity;
        this.corrections = Counter.builder("roomcast_connector_membership_corrections_failed_total")
                .description("Count corrections after a failed join that did not reach room-service (the reconcile repairs them)")
                .register(registry);
        this.timeout = Duration.ofMillis(config.backendTimeoutMillis());
        this.coalescer = config.membershipBatchMillis() <= 0 ? null
                : new MembershipCoalescer(vertx, config.membershipBatchMillis(),
                        Math.max(1, config.membershipBatchMaxChanges()), config.membershipPendingMax(), registry,
                        batch -> room.updateMembership(batch).ifNoItem().after(timeout).fail());
    }

    public Uni<JoinReply> join(JoinRequest request) {
        String mcastId = request.getMcastId();
        return Uni.createFrom().deferred(() -> {
            activity.started(mcastId);
            return joinNow(request);
        }).onTermination().invoke(() -> activity.settled(mcastId));
    }

    public Uni<LeaveReply> leave(LeaveRequest request) {
        String mcastId = request.getMcastId();
        return Uni.createFrom().deferred(() -> {
            activity.started(mcastId);
            return leaveNow(request);
        }).onTermination().invoke(() -> activity.settled(mcastId));
    }

    private Uni<JoinReply> joinNow(JoinRequest request) {
        if (coalescer == null) {
            return room.join(request).ifNoItem().after(timeout).fail();
        }
        MembershipChange change = MembershipChange.newBuilder().setJoin(true).setMcastId(request.getMcastId())
                .setUserId(request.getUserId()).setConnectionId(request.getConnectionId())
                .setAnonymous(request.getAnonymous())
                .setMembersAfter(request.getMembersAfter()).setVersion(request.getVersion()).build();
        return coalescer.submit(request.getConnectorId(), change).map(RoomGateway::joinReply);
    }

    /**
     * Tells room-service this connector's figure for an mcast after a join failed here (it may have been
     * applied there, late). Fire and forget: a lost correction is repaired by the next reconcile.
     */
    public void correct(String connectorId, String mcastId, MemberCounts.Versioned figure) {
        MembershipChange change = MembershipChange.newBuilder().setCorrection(true).setMcastId(mcastId)
                .setMembersAfter(figure.members()).setVersion(figure.version()).build();
        activity.started(mcastId);
        Uni<MembershipResult> call = coalescer != null ? coalescer.submit(connectorId, change)
                : room.updateMembership(MembershipBatchRequest.newBuilder().setConnectorId(connectorId)
                        .addChanges(change).build()).ifNoItem().after(timeout).fail()
                        .map(reply -> reply.getResultsCount() > 0 ? reply.getResults(0)
                                : MembershipResult.getDefaultInstance());
        call.onTermination().invoke(() -> activity.settled(mcastId)).subscribe().with(result -> {
            if (!result.getOk()) {
                corrections.increment();
            }
        }, failure -> corrections.increment());
    }

    private Uni<LeaveReply> leaveNow(LeaveRequest request) {
        if (coalescer == null) {
            return room.leave(request).ifNoItem().after(timeout).fail();
        }
        MembershipChange change = MembershipChange.newBuilder().setJoin(false).setMcastId(request.getMcastId())
                .setUserId(request.getUserId()).setConnectionId(request.getConnectionId())
                .setMembersAfter(request.getMembersAfter()).setVersion(request.getVersion()).build();
        return coalescer.submit(request.getConnectorId(), change)
                .map(r -> LeaveReply.newBuilder().setOnlineCount(r.getOnlineCount()).build());
    }

    private static JoinReply joinReply(MembershipResult r) {
        return JoinReply.newBuilder().setOnlineCount(r.getOnlineCount()).setPollIntervalMs(r.getPollIntervalMs())
                .setHeartbeatIntervalMs(r.getHeartbeatIntervalMs()).setLastMsgId(r.getLastMsgId())
                .setDeliveryMode(r.getDeliveryMode()).setDeliveryReason(r.getDeliveryReason()).build();
    }

    public Uni<RegisterConnectorReply> register(RegisterConnectorRequest request) {
        return lease.registerConnector(request).ifNoItem().after(timeout).fail();
    }

    public Uni<RenewConnectorReply> renew(RenewConnectorRequest request) {
        return lease.renewConnector(request).ifNoItem().after(timeout).fail();
    }

    public Uni<AnnounceMcastsReply> announce(AnnounceMcastsRequest request) {
        return lease.announceMcasts(request).ifNoItem().after(timeout.multipliedBy(3)).fail();
    }
}
