package dev.roomcast.connector.support;

import dev.roomcast.proto.v1.AnnounceMcastsReply;
import dev.roomcast.proto.v1.AnnounceMcastsRequest;
import dev.roomcast.proto.v1.GetRouteReply;
import dev.roomcast.proto.v1.GetRouteRequest;
import dev.roomcast.proto.v1.JoinReply;
import dev.roomcast.proto.v1.JoinRequest;
import dev.roomcast.proto.v1.LeaveReply;
import dev.roomcast.proto.v1.LeaveRequest;
import dev.roomcast.proto.v1.MembershipBatchReply;
import dev.roomcast.proto.v1.MembershipBatchRequest;
import dev.roomcast.proto.v1.MembershipChange;
import dev.roomcast.proto.v1.MembershipResult;
import dev.roomcast.proto.v1.OnlineCountReply;
import dev.roomcast.proto.v1.OnlineCountRequest;
import dev.roomcast.proto.v1.PublishReply;
import dev.roomcast.proto.v1.PublishRequest;
import dev.roomcast.proto.v1.RegisterConnectorReply;
import dev.roomcast.proto.v1.RegisterConnectorRequest;
import dev.roomcast.proto.v1.RenewConnectorReply;
import dev.roomcast.proto.v1.RenewConnectorRequest;
import dev.roomcast.proto.v1.RoomService;
import io.grpc.Status;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An honest stand-in for room-service, reached over real gRPC: it records what the connector tells it
 * and keeps the online set per mcast the way the real one would. Calls it does not serve fail.
 */
@GrpcService
public class FakeRoomService implements RoomService {

    public final List<JoinRequest> joins = new CopyOnWriteArrayList<>();
    public final List<LeaveRequest> leaves = new CopyOnWriteArrayList<>();
    public final List<RegisterConnectorRequest> registers = new CopyOnWriteArrayList<>();
    public final List<RenewConnectorRequest> renews = new CopyOnWriteArrayList<>();
    public final List<AnnounceMcastsRequest> announces = new CopyOnWriteArrayList<>();
    public final Map<String, Set<String>> online = new ConcurrentHashMap<>();
    /** mcast ids whose Join answers UNAVAILABLE (room-service trouble). */
    public final Set<String> failingMcasts = ConcurrentHashMap.newKeySet();
    public final AtomicBoolean askReannounce = new AtomicBoolean();
    public final List<MembershipBatchRequest> batches = new CopyOnWriteArrayList<>();
    public final List<MembershipChange> corrections = new CopyOnWriteArrayList<>();
    /** mcast -> {members, version}: the connector's newest versioned figure, kept as room-service keeps it. */
    private final Map<String, long[]> figures = new ConcurrentHashMap<>();
    /** Delay before each join is answered (an overloaded room-service); 0 = at once. */
    public final AtomicLong joinDelayMillis = new AtomicLong();

    @Override
    public Uni<JoinReply> join(JoinRequest request) {
        if (failingMcasts.contains(request.getMcastId())) {
            return Uni.createFrom().failure(Status.UNAVAILABLE.withDescription("redis down").asRuntimeException());
        }
        joins.add(request);
        Set<String> members = online.computeIfAbsent(request.getMcastId(), k -> ConcurrentHashMap.newKeySet());
        members.add(request.getConnectionId());
        Uni<JoinReply> reply = Uni.createFrom().item(JoinReply.newBuilder().setOnlineCount(members.size())
                .setPollIntervalMs(1500).setHeartbeatIntervalMs(10_000).setLastMsgId(42).build());
        long delay = joinDelayMillis.get();
        return delay > 0 ? reply.onItem().delayIt().by(Duration.ofMillis(delay)) : reply;
    }

    @Override
    public Uni<LeaveReply> leave(LeaveRequest request) {
        leaves.add(request);
        Set<String> members = online.getOrDefault(request.getMcastId(), Set.of());
        members.remove(request.getConnectionId());
        return Uni.createFrom().item(LeaveReply.newBuilder().setOnlineCount(members.size()).build());
    }

    /** Each change goes through join/leave above; a failing change reports it in its own result. */
    @Override
    public Uni<MembershipBatchReply> updateMembership(MembershipBatchRequest request) {
        long delay = joinDelayMillis.get();
        if (delay > 0) {
            return Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofMillis(delay))
                    .chain(() -> answerBatch(request));
        }
        return answerBatch(request);
    }

    private Uni<MembershipBatchReply> answerBatch(MembershipBatchRequest request) {
        long saved = joinDelayMillis.getAndSet(0);
        try {
            return answerNow(request);
        } finally {
            joinDelayMillis.compareAndSet(0, saved);
        }
    }

    private Uni<MembershipBatchReply> answerNow(MembershipBatchRequest request) {
        batches.add(request);
        MembershipBatchReply.Builder reply = MembershipBatchReply.newBuilder();
        for (MembershipChange c : request.getChangesList()) {
            MembershipResult.Builder result = MembershipResult.newBuilder();
            boolean failing = c.getJoin() && failingMcasts.contains(c.getMcastId());
            if (!failing) {
                figure(c.getMcastId(), c.getMembersAfter(), c.getVersion());
            }
            if (c.getCorrection()) {
                corrections.add(c);
                result.setOk(true).setOnlineCount(members(c.getMcastId()));
            } else if (c.getJoin()) {
                join(JoinRequest.newBuilder().setConnectorId(request.getConnectorId()).setMcastId(c.getMcastId())
                        .setUserId(c.getUserId()).setConnectionId(c.getConnectionId()).setAnonymous(c.getAnonymous())
                        .build()).subscribe().with(
                                r -> result.setOk(true).setOnlineCount(r.getOnlineCount())
                                        .setPollIntervalMs(r.getPollIntervalMs())
                                        .setHeartbeatIntervalMs(r.getHeartbeatIntervalMs()).setLastMsgId(r.getLastMsgId()),
                                e -> result.setOk(false).setError("unavailable: " + e.getMessage()));
            } else {
                leave(LeaveRequest.newBuilder().setConnectorId(request.getConnectorId()).setMcastId(c.getMcastId())
                        .setUserId(c.getUserId()).setConnectionId(c.getConnectionId()).build()).subscribe().with(
                                r -> result.setOk(true).setOnlineCount(r.getOnlineCount()),
                                e -> result.setOk(false).setError("unavailable: " + e.getMessage()));
            }
            reply.addResults(result);
        }
        return Uni.createFrom().item(reply.build());
    }

    @Override
    public Uni<RegisterConnectorReply> registerConnector(RegisterConnectorRequest request) {
        registers.add(request);
        return Uni.createFrom().item(RegisterConnectorReply.newBuilder().setLeaseMs(3000).setRenewIntervalMs(300).build());
    }

    @Override
    public Uni<RenewConnectorReply> renewConnector(RenewConnectorRequest request) {
        renews.add(request);
        return Uni.createFrom().item(RenewConnectorReply.newBuilder().setLeaseMs(3000)
                .setReannounce(askReannounce.getAndSet(false)).build());
    }

    @Override
    public Uni<AnnounceMcastsReply> announceMcasts(AnnounceMcastsRequest request) {
        announces.add(request);
        return Uni.createFrom().item(AnnounceMcastsReply.newBuilder().setRoutes(request.getMcastsCount()).build());
    }

    private void figure(String mcastId, int membersAfter, long version) {
        if (version > 0) {
            figures.merge(mcastId, new long[] {membersAfter, version}, (old, now) -> now[1] > old[1] ? now : old);
        }
    }

    /** The connector's newest versioned member count of an mcast (0 if it never sent one). */
    public long members(String mcastId) {
        long[] f = figures.get(mcastId);
        return f == null ? 0 : f[0];
    }

    public boolean left(String mcastId, String connectionId) {
        return leaves.stream().anyMatch(l -> l.getMcastId().equals(mcastId) && l.getConnectionId().equals(connectionId));
    }

    @Override
    public Uni<PublishReply> publish(PublishRequest request) {
        return unimplemented();
    }

    @Override
    public Uni<GetRouteReply> getRoute(GetRouteRequest request) {
        return unimplemented();
    }

    @Override
    public Uni<OnlineCountReply> onlineCount(OnlineCountRequest request) {
        return unimplemented();
    }

    private static <T> Uni<T> unimplemented() {
        return Uni.createFrom().failure(Status.UNIMPLEMENTED.asRuntimeException());
    }
}
