package dev.roomcast.room.membership;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Membership and routes in Redis: online counts, unique viewers (HyperLogLog), enter times and, per
 * mcast, a hash connectorId -> member connections (the route). A connector's index set lists the
 * mcasts it has route entries in, so its routes can be dropped when its lease expires.
 */
@ApplicationScoped
public class RedisMembershipStore {

    private final RedisPipeline pipeline;
    private final MembershipBatcher batcher;

    public RedisMembershipStore(RedisPipeline pipeline, MembershipBatcher batcher) {
        this.pipeline = pipeline;
        this.batcher = batcher;
    }

    public Uni<MemberChange> join(String connectorId, String mcastId, String userId) {
        return batcher.join(connectorId, mcastId, userId);
    }

    public Uni<MemberChange> leave(String connectorId, String mcastId, String userId) {
        return batcher.leave(connectorId, mcastId, userId);
    }

    public Uni<RoomStats> stats(String roomId) {
        Uni<Response> online = pipeline.send(Request.cmd(Command.GET).arg(Keys.online(roomId)));
        Uni<Response> viewers = pipeline.send(Request.cmd(Command.PFCOUNT).arg(Keys.viewers(roomId)));
        return Uni.combine().all().unis(online, viewers)
                .with((o, v) -> new RoomStats(o == null ? 0 : Math.max(0, o.toLong()), v == null ? 0 : v.toLong()));
    }

    /** The enter time (epoch ms) of a viewer in a room, or null. */
    public Uni<Long> enterTime(String roomId, String userId) {
        return pipeline.send(Request.cmd(Command.HGET).arg(Keys.enterTimes(roomId)).arg(userId))
                .map(r -> r == null ? null : r.toLong());
    }

    /** connectorId -> member connections of an mcast. */
    public Uni<Map<String, Integer>> route(String mcastId) {
        return pipeline.send(Request.cmd(Command.HGETALL).arg(Keys.route(mcastId))).map(r -> {
            Map<String, Integer> route = new HashMap<>();
            if (r != null) {
                for (String connectorId : r.getKeys()) {
                    route.put(connectorId, r.get(connectorId).toInteger());
                }
            }
            return route;
        });
    }

    /**
     * Replaces everything Redis knows about one connector's mcasts with what it announces: route
     * counts are set (the online counter moves by the difference), viewers re-added to the HLL and
     * enter times, and mcasts it no longer holds are dropped. Returns the routes written.
     */
    public Uni<Integer> announce(String connectorId, List<McastMembership> mcasts, long nowMs) {
        Set<String> announced = new HashSet<>();
        List<Uni<Response>> writes = new ArrayList<>();
        for (McastMembership m : mcasts) {
            if (m.members() <= 0) {
                continue;
            }
            announced.add(m.mcastId());
            writes.add(setRoute(connectorId, m.mcastId(), m.members()));
            if (Keys.isRoomChannel(m.mcastId()) && !m.userIds().isEmpty()) {
                String roomId = Keys.tagOf(m.mcastId());
                Request pfadd = Request.cmd(Command.PFADD).arg(Keys.viewers(roomId));
                m.userIds().forEach(pfadd::arg);
                writes.add(pipeline.send(pfadd));
                for (String userId : m.userIds()) {
                    writes.add(pipeline.send(Request.cmd(Command.HSETNX).arg(Keys.enterTimes(roomId)).arg(userId).arg(nowMs)));
                }
            }
        }
        return indexOf(connectorId).onItem().transformToUni(previous -> {
            for (String stale : previous) {
                if (!announced.contains(stale)) {
                    writes.add(setRoute(connectorId, stale, 0));
                }
            }
            writes.add(pipeline.send(Request.cmd(Command.DEL).arg(Keys.connectorMcasts(connectorId))));
            if (!announced.isEmpty()) {
                Request sadd = Request.cmd(Command.SADD).arg(Keys.connectorMcasts(connectorId));
                announced.forEach(sadd::arg);
                writes.add(pipeline.send(sadd));
            }
            return Uni.join().all(writes).andFailFast().replaceWith(announced.size());
        });
    }

    /** Drops every route entry of a connector (lease expired, or it registered afresh after a restart). */
    public Uni<Integer> dropConnector(String connectorId) {
        return indexOf(connectorId).onItem().transformToUni(mcasts -> {
            List<Uni<Response>> writes = new ArrayList<>();
            for (String mcastId : mcasts) {
                writes.add(setRoute(connectorId, mcastId, 0));
            }
            writes.add(pipeline.send(Request.cmd(Command.DEL).arg(Keys.connectorMcasts(connectorId))));
            return Uni.join().all(writes).andFailFast().replaceWith(mcasts.size());
        });
    }

    private Uni<Set<String>> indexOf(String connectorId) {
        return pipeline.send(Request.cmd(Command.SMEMBERS).arg(Keys.connectorMcasts(connectorId))).map(r -> {
            Set<String> mcasts = new HashSet<>();
            if (r != null) {
                r.forEach(item -> mcasts.add(item.toString()));
            }
            return mcasts;
        });
    }

    private Uni<Response> setRoute(String connectorId, String mcastId, int members) {
        String roomId = Keys.tagOf(mcastId);
        return pipeline.send(Request.cmd(Command.EVAL).arg(Scripts.SET_ROUTE).arg(2)
                .arg(Keys.route(mcastId)).arg(Keys.online(roomId))
                .arg(connectorId).arg(members).arg(Keys.isRoomChannel(mcastId) ? "1" : "0"));
    }
}
