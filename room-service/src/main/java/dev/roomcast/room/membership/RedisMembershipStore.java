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

    /** Names of earlier chunks of an unfinished announce are forgotten after this long. */
    static final long ANNOUNCE_CHUNKS_TTL_MILLIS = 120_000;

    private final RedisPipeline pipeline;
    private final MembershipBatcher batcher;

    public RedisMembershipStore(RedisPipeline pipeline, MembershipBatcher batcher) {
        this.pipeline = pipeline;
        this.batcher = batcher;
    }

    public Uni<MemberChange> join(String connectorId, String mcastId, String userId, int membersAfter, long version) {
        return batcher.join(connectorId, mcastId, userId, membersAfter, version);
    }

    public Uni<MemberChange> leave(String connectorId, String mcastId, String userId, int membersAfter, long version) {
        return batcher.leave(connectorId, mcastId, userId, membersAfter, version);
    }

    public Uni<MemberChange> correct(String connectorId, String mcastId, int membersAfter, long version) {
        return batcher.correct(connectorId, mcastId, membersAfter, version);
    }

    public Uni<RoomStats> stats(String roomId) {
        Uni<Response> online = pipeline.send(Request.cmd(Command.GET).arg(Keys.online(roomId)));
        Uni<Response> viewers = pipeline.send(Request.cmd(Command.PFCOUNT).arg(Keys.viewers(roomId)));
        return Uni.combine().all().unis(online, viewers)
                .with((o, v) -> new RoomStats(o == null ? 0 : Math.max(0, o.toLong()), v == null ? 0 : v.toLong()));
    }

    /** The room's online connection count alone (the scheduler's tier and count messages need no more). */
    public Uni<Long> online(String roomId) {
        return pipeline.send(Request.cmd(Command.GET).arg(Keys.online(roomId)))
                .map(o -> o == null ? 0L : Math.max(0L, o.toLong()));
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

    /** What one announce chunk did: route entries written, and how many of them Redis held differently. */
    public record AnnounceResult(int routes, int repaired) {
    }

    /**
     * Replaces what Redis knows about one connector's mcasts with what it announces, one chunk at a time:
     * listed route counts are set (the online counter moves by the difference), viewers re-added to the
     * HLL and enter times; an mcast listed with a negative count is changing right now and is kept as
     * it is. On the last chunk ({@code more == false}) every mcast of the connector's index that no
     * chunk named is dropped. The names of earlier chunks wait in a set under the connector's tag, so
     * the chunks may reach different room-service instances.
     */
    public Uni<AnnounceResult> announce(String connectorId, List<McastMembership> mcasts, long announceId, boolean more,
                                        long snapshotVersion, long nowMs) {
        Set<String> named = new HashSet<>();
        List<Uni<Boolean>> writes = new ArrayList<>();
        List<Uni<Response>> extras = new ArrayList<>();
        Request sadd = Request.cmd(Command.SADD).arg(Keys.connectorMcasts(connectorId));
        int routes = 0;
        for (McastMembership m : mcasts) {
            named.add(m.mcastId());
            if (m.members() < 0) {
                continue;
            }
            writes.add(setRoute(connectorId, m.mcastId(), m.members(), m.version()));
            if (m.members() > 0) {
                routes++;
                sadd.arg(m.mcastId());
            }
            if (m.members() > 0 && Keys.isRoomChannel(m.mcastId()) && !m.userIds().isEmpty()) {
                String roomId = Keys.tagOf(m.mcastId());
                Request pfadd = Request.cmd(Command.PFADD).arg(Keys.viewers(roomId));
                m.userIds().forEach(pfadd::arg);
                extras.add(pipeline.send(pfadd));
                for (String userId : m.userIds()) {
                    extras.add(pipeline.send(Request.cmd(Command.HSETNX).arg(Keys.enterTimes(roomId)).arg(userId).arg(nowMs)));
                }
            }
        }
        if (routes > 0) {
            extras.add(pipeline.send(sadd));
        }
        String pendingKey = Keys.connectorAnnounce(connectorId, announceId);
        Uni<Set<String>> earlier;
        if (more) {
            if (!named.isEmpty()) {
                Request remember = Request.cmd(Command.SADD).arg(pendingKey);
                named.forEach(remember::arg);
                extras.add(pipeline.send(remember));
                extras.add(pipeline.send(Request.cmd(Command.PEXPIRE).arg(pendingKey).arg(ANNOUNCE_CHUNKS_TTL_MILLIS)));
            }
            earlier = Uni.createFrom().item(Set.of());
        } else {
            earlier = announceId == 0 ? Uni.createFrom().item(Set.<String>of()) : members(pendingKey);
        }
        int written = routes;
        return all(writes).chain(changed -> {
            int repaired = (int) changed.stream().filter(Boolean::booleanValue).count();
            return all(extras)
                    .chain(() -> more ? Uni.createFrom().item(0)
                            : dropUnnamed(connectorId, named, earlier, pendingKey, snapshotVersion))
                    .map(dropped -> new AnnounceResult(written, repaired + dropped));
        });
    }

    /** Last chunk: the index minus every mcast any chunk named is what the connector no longer holds. */
    private Uni<Integer> dropUnnamed(String connectorId, Set<String> named, Uni<Set<String>> earlier, String pendingKey,
                                     long snapshotVersion) {
        return earlier.chain(before -> indexOf(connectorId).chain(index -> {
            List<Uni<Boolean>> drops = new ArrayList<>();
            Request srem = Request.cmd(Command.SREM).arg(Keys.connectorMcasts(connectorId));
            int stale = 0;
            for (String mcastId : index) {
                if (!named.contains(mcastId) && !before.contains(mcastId)) {
                    drops.add(setRoute(connectorId, mcastId, 0, snapshotVersion));
                    srem.arg(mcastId);
                    stale++;
                }
            }
            List<Uni<Response>> cleanup = new ArrayList<>();
            if (stale > 0) {
                cleanup.add(pipeline.send(srem));
            }
            if (!before.isEmpty()) {
                cleanup.add(pipeline.send(Request.cmd(Command.DEL).arg(pendingKey)));
            }
            return all(drops).map(l -> (int) l.stream().filter(Boolean::booleanValue).count())
                    .call(() -> all(cleanup));
        }));
    }

    /** Every Uni at once, failing fast; an empty list is an empty result (Mutiny's join needs one). */
    private static <T> Uni<List<T>> all(List<Uni<T>> unis) {
        return unis.isEmpty() ? Uni.createFrom().item(List.of()) : Uni.join().all(unis).andFailFast();
    }

    /** Drops every route entry of a connector (lease expired, or it registered afresh after a restart). */
    public Uni<Integer> dropConnector(String connectorId) {
        return indexOf(connectorId).onItem().transformToUni(mcasts -> {
            List<Uni<?>> writes = new ArrayList<>();
            for (String mcastId : mcasts) {
                writes.add(setRoute(connectorId, mcastId, 0, 0));
            }
            writes.add(pipeline.send(Request.cmd(Command.DEL).arg(Keys.connectorMcasts(connectorId))));
            @SuppressWarnings({"unchecked", "rawtypes"})
            List<Uni<Object>> all = (List) writes;
            return Uni.join().all(all).andFailFast().replaceWith(mcasts.size());
        });
    }

    private Uni<Set<String>> indexOf(String connectorId) {
        return members(Keys.connectorMcasts(connectorId));
    }

    private Uni<Set<String>> members(String setKey) {
        return pipeline.send(Request.cmd(Command.SMEMBERS).arg(setKey)).map(r -> {
            Set<String> mcasts = new HashSet<>();
            if (r != null) {
                r.forEach(item -> mcasts.add(item.toString()));
            }
            return mcasts;
        });
    }

    /**
     * Sets a connector's member count in an mcast's route; true when Redis held another count. With a
     * version, only if no newer change of that connector was applied; version 0 (a dropped connector, an
     * announce from a connector without versions) sets it unconditionally.
     */
    private Uni<Boolean> setRoute(String connectorId, String mcastId, int members, long version) {
        String roomId = Keys.tagOf(mcastId);
        return pipeline.send(Request.cmd(Command.EVAL).arg(Scripts.SET_ROUTE).arg(3)
                .arg(Keys.route(mcastId)).arg(Keys.online(roomId)).arg(Keys.routeVersion(mcastId))
                .arg(connectorId).arg(members).arg(Keys.isRoomChannel(mcastId) ? "1" : "0")
                .arg(Math.max(0, version)).arg(Scripts.ROUTE_VERSION_TTL_MILLIS))
                .map(old -> old == null || old.toLong() != members);
    }
}
