package dev.roomcast.room.membership;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Coalesces joins and leaves per (mcast, connector). One script call per pair is in flight at a time;
 * whatever arrives meanwhile goes out together in the next call, in arrival order. A quiet room costs
 * one call per join (no added latency); a hot room with 20,000 joins a second costs one call per round
 * trip, carrying hundreds of them, so the Redis work per join falls with the load instead of rising.
 */
@ApplicationScoped
public class MembershipBatcher {

    static final int MAX_OPS_PER_CALL = 256;

    private record Key(String mcastId, String connectorId) {
    }

    /** One change: 'j' join, 'l' leave, 's' set only; membersAfter/version as in {@link Scripts#APPLY}. */
    private record Op(char kind, String userId, int membersAfter, long version,
                      UniEmitter<? super MemberChange> emitter) {
    }

    /** The ops of one (mcast, connector) waiting for the call in flight; guarded by its own monitor. */
    private static final class Group {
        List<Op> pending = new ArrayList<>();
        boolean sending;
        boolean retired;
    }

    private final RedisPipeline pipeline;
    private final ConcurrentHashMap<Key, Group> groups = new ConcurrentHashMap<>();
    private final DistributionSummary opsPerCall;

    public MembershipBatcher(RedisPipeline pipeline, MeterRegistry registry) {
        this.pipeline = pipeline;
        this.opsPerCall = DistributionSummary.builder("roomcast_membership_ops_per_call")
                .description("Joins and leaves carried by one Redis script call").register(registry);
    }

    public Uni<MemberChange> join(String connectorId, String mcastId, String userId, int membersAfter, long version) {
        return submit(new Key(mcastId, connectorId), 'j', userId, membersAfter, version);
    }

    public Uni<MemberChange> leave(String connectorId, String mcastId, String userId, int membersAfter, long version) {
        return submit(new Key(mcastId, connectorId), 'l', userId, membersAfter, version);
    }

    /** Sets the connector's count (a join that failed on the connector's side); needs a version. */
    public Uni<MemberChange> correct(String connectorId, String mcastId, int membersAfter, long version) {
        return submit(new Key(mcastId, connectorId), 's', "", membersAfter, version);
    }

    private Uni<MemberChange> submit(Key key, char kind, String userId, int membersAfter, long version) {
        return Uni.createFrom().emitter(emitter -> {
            Op op = new Op(kind, userId == null ? "" : userId, membersAfter, Math.max(0, version), emitter);
            while (true) {
                Group group = groups.computeIfAbsent(key, k -> new Group());
                boolean start;
                synchronized (group) {
                    if (group.retired) {
                        continue;   // removed while idle: take the fresh one
                    }
                    group.pending.add(op);
                    start = !group.sending;
                    group.sending = true;
                }
                if (start) {
                    sendNext(key, group);
                }
                return;
            }
        });
    }

    private void sendNext(Key key, Group group) {
        List<Op> batch;
        synchronized (group) {
            if (group.pending.isEmpty()) {
                group.sending = false;
                group.retired = true;
                groups.remove(key, group);
                return;
            }
            if (group.pending.size() <= MAX_OPS_PER_CALL) {
                batch = group.pending;
                group.pending = new ArrayList<>();
            } else {
                batch = new ArrayList<>(group.pending.subList(0, MAX_OPS_PER_CALL));
                group.pending = new ArrayList<>(group.pending.subList(MAX_OPS_PER_CALL, group.pending.size()));
            }
        }
        opsPerCall.record(batch.size());
        apply(key, batch).subscribe().with(reply -> {
            completeAll(key, batch, reply);
            sendNext(key, group);
        }, failure -> {
            for (Op op : batch) {
                op.emitter().fail(failure);
            }
            sendNext(key, group);
        });
    }

    private Uni<Response> apply(Key key, List<Op> batch) {
        String mcastId = key.mcastId();
        String roomId = Keys.tagOf(mcastId);
        Request eval = Request.cmd(Command.EVAL).arg(Scripts.APPLY).arg(6)
                .arg(Keys.route(mcastId)).arg(Keys.online(roomId)).arg(Keys.viewers(roomId))
                .arg(Keys.enterTimes(roomId)).arg(Keys.msgId(roomId)).arg(Keys.routeVersion(mcastId))
                .arg(key.connectorId()).arg(Keys.isRoomChannel(mcastId) ? "1" : "0").arg(System.currentTimeMillis())
                .arg(Scripts.ROUTE_VERSION_TTL_MILLIS);
        for (Op op : batch) {
            eval.arg(String.valueOf(op.kind())).arg(op.userId()).arg(op.membersAfter()).arg(op.version());
        }
        return pipeline.send(eval).call(reply -> {
            long before = reply.get(0).toLong();
            long after = reply.get(1).toLong();
            String index = Keys.connectorMcasts(key.connectorId());
            // Keep the connector's index in step with whether it is in the route at all.
            if (before <= 0 && after > 0) {
                return pipeline.send(Request.cmd(Command.SADD).arg(index).arg(mcastId));
            }
            if (before > 0 && after <= 0) {
                return pipeline.send(Request.cmd(Command.SREM).arg(index).arg(mcastId));
            }
            return Uni.createFrom().voidItem();
        });
    }

    private static void completeAll(Key key, List<Op> batch, Response reply) {
        long lastMsgId = Long.parseLong(reply.get(2).toString());
        for (int i = 0; i < batch.size(); i++) {
            long members = reply.get(3 + 2 * i).toLong();
            long online = reply.get(4 + 2 * i).toLong();
            batch.get(i).emitter().complete(new MemberChange(members, online, lastMsgId));
        }
    }
}
