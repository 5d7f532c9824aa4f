package dev.roomcast.room.membership;

import dev.roomcast.proto.v1.JoinReply;
import dev.roomcast.proto.v1.JoinRequest;
import dev.roomcast.proto.v1.LeaveRequest;
import dev.roomcast.proto.v1.MembershipBatchReply;
import dev.roomcast.proto.v1.MembershipBatchRequest;
import dev.roomcast.proto.v1.MembershipChange;
import dev.roomcast.proto.v1.MembershipResult;
import dev.roomcast.room.api.ApiError;
import dev.roomcast.room.api.ApiException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * UpdateMembership: a connector's joins and leaves in one gRPC call. Each change goes through the same
 * {@link Membership#join}/{@link Membership#leave} path as the single calls (and so into the per-room
 * Redis coalescing of {@link MembershipBatcher}); a change that fails reports it in its own result and
 * never fails the others.
 */
@ApplicationScoped
public class MembershipBatch {

    /** Bounds the work (and reply size) one call can ask for. */
    public static final int MAX_CHANGES = 1000;

    private static final Logger LOG = Logger.getLogger(MembershipBatch.class);

    private final Membership membership;

    public MembershipBatch(Membership membership) {
        this.membership = membership;
    }

    public Uni<MembershipBatchReply> update(MembershipBatchRequest request) {
        Membership.requireConnector(request.getConnectorId());
        if (request.getChangesCount() > MAX_CHANGES) {
            throw ApiError.BAD_REQUEST.exception("at most " + MAX_CHANGES + " changes per call, got "
                    + request.getChangesCount());
        }
        if (request.getChangesCount() == 0) {
            return Uni.createFrom().item(MembershipBatchReply.getDefaultInstance());
        }
        List<Uni<MembershipResult>> results = new ArrayList<>(request.getChangesCount());
        for (MembershipChange change : request.getChangesList()) {
            results.add(apply(request.getConnectorId(), change));
        }
        return Uni.join().all(results).andFailFast()
                .map(list -> MembershipBatchReply.newBuilder().addAllResults(list).build());
    }

    private Uni<MembershipResult> apply(String connectorId, MembershipChange change) {
        Uni<MembershipResult> result;
        try {
            if (change.getCorrection()) {
                result = membership.correct(connectorId, change.getMcastId(), change.getMembersAfter(), change.getVersion())
                        .map(online -> MembershipResult.newBuilder().setOk(true).setOnlineCount(online).build());
            } else if (change.getJoin()) {
                result = membership.join(joinOf(connectorId, change)).map(MembershipBatch::joined);
            } else {
                result = membership.leave(leaveOf(connectorId, change)).map(reply -> MembershipResult.newBuilder()
                        .setOk(true).setOnlineCount(reply.getOnlineCount()).build());
            }
        } catch (RuntimeException e) {
            result = Uni.createFrom().failure(e);
        }
        return result.onFailure().recoverWithItem(failure -> MembershipResult.newBuilder().setOk(false)
                .setError(describe(failure)).build());
    }

    private static MembershipResult joined(JoinReply reply) {
        return MembershipResult.newBuilder().setOk(true).setOnlineCount(reply.getOnlineCount())
                .setPollIntervalMs(reply.getPollIntervalMs()).setHeartbeatIntervalMs(reply.getHeartbeatIntervalMs())
                .setLastMsgId(reply.getLastMsgId()).setDeliveryMode(reply.getDeliveryMode())
                .setDeliveryReason(reply.getDeliveryReason()).build();
    }

    private static JoinRequest joinOf(String connectorId, MembershipChange c) {
        return JoinRequest.newBuilder().setConnectorId(connectorId).setMcastId(c.getMcastId()).setUserId(c.getUserId())
                .setConnectionId(c.getConnectionId()).setAnonymous(c.getAnonymous())
                .setMembersAfter(c.getMembersAfter()).setVersion(c.getVersion()).build();
    }

    private static LeaveRequest leaveOf(String connectorId, MembershipChange c) {
        return LeaveRequest.newBuilder().setConnectorId(connectorId).setMcastId(c.getMcastId()).setUserId(c.getUserId())
                .setConnectionId(c.getConnectionId()).setMembersAfter(c.getMembersAfter()).setVersion(c.getVersion()).build();
    }

    /** The same typed text a single call's status description carries; never a stack trace. */
    static String describe(Throwable failure) {
        if (failure instanceof ApiException api) {
            return api.error().code() + ": " + api.getMessage();
        }
        if (failure instanceof RedisPipeline.Overloaded) {
            return ApiError.OVERLOADED.code() + ": membership store overloaded, retry";
        }
        LOG.warnf("membership change failed: %s", failure.toString());
        return "unavailable: backend error, retry";
    }
}
