package dev.roomcast.room.membership;

import dev.roomcast.proto.v1.AnnounceMcastsReply;
import dev.roomcast.proto.v1.AnnounceMcastsRequest;
import dev.roomcast.proto.v1.ConnectorInfo;
import dev.roomcast.proto.v1.GetRouteReply;
import dev.roomcast.proto.v1.GetRouteRequest;
import dev.roomcast.proto.v1.JoinReply;
import dev.roomcast.proto.v1.JoinRequest;
import dev.roomcast.proto.v1.LeaveReply;
import dev.roomcast.proto.v1.LeaveRequest;
import dev.roomcast.proto.v1.McastMembers;
import dev.roomcast.proto.v1.OnlineCountReply;
import dev.roomcast.proto.v1.RegisterConnectorReply;
import dev.roomcast.proto.v1.RegisterConnectorRequest;
import dev.roomcast.proto.v1.RenewConnectorReply;
import dev.roomcast.proto.v1.RenewConnectorRequest;
import dev.roomcast.room.api.ApiError;
import dev.roomcast.room.mode.DeliveryModes;
import dev.roomcast.room.route.ConnectorRegistry;
import dev.roomcast.room.scheduler.OnlineCounts;
import dev.roomcast.room.scheduler.SchedulerHost;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** The membership side of RoomService: joins, leaves, connector leases, re-announce, routes, counts. */
@ApplicationScoped
public class Membership {

    private static final Pattern MCAST = Pattern.compile("(room|gift|user):[A-Za-z0-9_.:@\\-]{1,128}|global");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.:@\\-]{1,128}");

    private final RedisMembershipStore store;
    private final ConnectorRegistry connectors;
    private final OnlineCounts onlineCounts;
    private final SchedulerHost scheduler;
    private final Counter repaired;
    private final DeliveryModes deliveryModes;

    public Membership(RedisMembershipStore store, ConnectorRegistry connectors, OnlineCounts onlineCounts,
                      SchedulerHost scheduler, DeliveryModes deliveryModes, MeterRegistry registry) {
        this.deliveryModes = deliveryModes;
        this.repaired = Counter.builder("roomcast_membership_repaired_total")
                .description("Route counts a connector's announce or reconcile found different in Redis (drift repaired)")
                .register(registry);
        this.store = store;
        this.connectors = connectors;
        this.onlineCounts = onlineCounts;
        this.scheduler = scheduler;
    }

    public Uni<JoinReply> join(JoinRequest r) {
        requireConnector(r.getConnectorId());
        requireMcast(r.getMcastId());
        return store.join(r.getConnectorId(), r.getMcastId(), r.getUserId(), r.getMembersAfter(), r.getVersion())
                .map(change -> {
            observe(r.getMcastId(), change);
            if (Keys.isRoomChannel(r.getMcastId())) {
                scheduler.touchIfOwned(Keys.tagOf(r.getMcastId()));
            }
            long online = change.onlineCount();
            return JoinReply.newBuilder().setOnlineCount(online).setLastMsgId(change.lastMsgId())
                    .setPollIntervalMs(RoomTiers.pollIntervalMs(online))
                    .setHeartbeatIntervalMs(RoomTiers.heartbeatIntervalMs(online)).build();
        }).chain(reply -> Keys.isRoomChannel(r.getMcastId())
                // A connector new to the room follows the operator's mode from its first join on.
                ? deliveryModes.forJoin(Keys.tagOf(r.getMcastId())).map(p -> reply.toBuilder()
                        .setDeliveryMode(p.mode().proto()).setDeliveryReason(p.reason()).build())
                        .onFailure().recoverWithItem(reply)
                : Uni.createFrom().item(reply));
    }

    public Uni<LeaveReply> leave(LeaveRequest r) {
        requireConnector(r.getConnectorId());
        requireMcast(r.getMcastId());
        return store.leave(r.getConnectorId(), r.getMcastId(), r.getUserId(), r.getMembersAfter(), r.getVersion())
                .map(change -> {
                    observe(r.getMcastId(), change);
                    return LeaveReply.newBuilder().setOnlineCount(change.onlineCount()).build();
                });
    }

    /** Sets a connector's count of an mcast to its own figure (a join that failed on its side); answers the online count. */
    public Uni<Long> correct(String connectorId, String mcastId, int membersAfter, long version) {
        requireConnector(connectorId);
        requireMcast(mcastId);
        if (version <= 0 || membersAfter < 0) {
            throw ApiError.BAD_REQUEST.exception("a correction needs version > 0 and members_after >= 0");
        }
        return store.correct(connectorId, mcastId, membersAfter, version).map(change -> {
            observe(mcastId, change);
            return change.onlineCount();
        });
    }

    public Uni<RegisterConnectorReply> register(RegisterConnectorRequest r) {
        requireInfo(r.getConnector());
        return connectors.register(r.getConnector()).map(ok -> RegisterConnectorReply.newBuilder()
                .setLeaseMs(connectors.leaseMillis()).setRenewIntervalMs(connectors.renewIntervalMillis()).build());
    }

    public Uni<RenewConnectorReply> renew(RenewConnectorRequest r) {
        requireInfo(r.getConnector());
        return connectors.renew(r.getConnector()).map(renewal -> RenewConnectorReply.newBuilder()
                .setLeaseMs(renewal.leaseMillis()).setReannounce(renewal.reannounce()).build());
    }

    public Uni<AnnounceMcastsReply> announce(AnnounceMcastsRequest r) {
        requireConnector(r.getConnectorId());
        List<McastMembership> mcasts = new ArrayList<>(r.getMcastsCount());
        for (McastMembers m : r.getMcastsList()) {
            requireMcast(m.getMcastId());
            mcasts.add(new McastMembership(m.getMcastId(), m.getMembers(), m.getUserIdsList(), m.getVersion()));
        }
        return store.announce(r.getConnectorId(), mcasts, r.getAnnounceId(), r.getMore(), r.getVersion(),
                        System.currentTimeMillis())
                .invoke(result -> repaired.increment(result.repaired()))
                .map(result -> AnnounceMcastsReply.newBuilder().setRoutes(result.routes())
                        .setRepaired(result.repaired()).build());
    }

    /** The live connectors holding members of an mcast (expired ones are left out even before the sweep). */
    public Uni<GetRouteReply> getRoute(GetRouteRequest r) {
        requireMcast(r.getMcastId());
        return store.route(r.getMcastId()).map(route -> {
            Map<String, ConnectorInfo> live = connectors.live();
            GetRouteReply.Builder reply = GetRouteReply.newBuilder();
            route.keySet().stream().sorted().forEach(id -> {
                ConnectorInfo info = live.get(id);
                if (info != null) {
                    reply.addConnectors(info);
                }
            });
            return reply.build();
        });
    }

    public Uni<OnlineCountReply> onlineCount(String roomId) {
        if (roomId.isEmpty()) {
            throw ApiError.MISSING_ROOM.exception("room id is required");
        }
        if (!dev.roomcast.common.ids.Ids.isRoomId(roomId)) {
            throw ApiError.BAD_ROOM.exception(dev.roomcast.common.ids.Ids.ROOM_ID_RULE);
        }
        return store.stats(roomId).map(stats -> OnlineCountReply.newBuilder()
                .setOnlineCount(stats.onlineCount()).setCumulativeViewers(stats.cumulativeViewers()).build());
    }

    private void observe(String mcastId, MemberChange change) {
        if (Keys.isRoomChannel(mcastId)) {
            onlineCounts.observed(Keys.tagOf(mcastId), change.onlineCount());
        }
    }

    static void requireConnector(String connectorId) {
        if (connectorId.isEmpty() || !ID.matcher(connectorId).matches()) {
            throw ApiError.MISSING_CONNECTOR.exception("connector id is required ([A-Za-z0-9_.:@-], 1..128)");
        }
    }

    private static void requireMcast(String mcastId) {
        boolean roomChannel = mcastId.startsWith("room:") || mcastId.startsWith("gift:");
        if (!MCAST.matcher(mcastId).matches()
                || (roomChannel && !dev.roomcast.common.ids.Ids.isRoomId(mcastId.substring(5)))) {
            throw ApiError.BAD_MCAST.exception("mcast id must be room:<id>, gift:<id>, user:<id> or global");
        }
    }

    private static void requireInfo(ConnectorInfo info) {
        requireConnector(info.getConnectorId());
        if (info.getGrpcAddress().isEmpty() || info.getGrpcAddress().lastIndexOf(':') <= 0) {
            throw ApiError.BAD_REQUEST.exception("connector grpc_address host:port is required");
        }
    }
}
