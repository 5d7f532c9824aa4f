package dev.roomcast.room.mode;

import dev.roomcast.room.membership.Keys;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * Delivery modes in Redis: the room's own hash ({@link Keys#delivery}, in the room's slot) is the truth;
 * the index of polled rooms ({@link Keys#pollRooms}, a slot of its own) feeds the gauge and the expiry
 * sweep. The two are written one after the other (different slots under Redis Cluster): a crash between
 * them leaves at worst an index entry that the sweep or the next write corrects.
 */
@ApplicationScoped
public class DeliveryModeStore {

    private final Redis redis;

    DeliveryModeStore(Redis redis) {
        this.redis = redis;
    }

    public Uni<DeliveryPolicy> get(String roomId) {
        return redis.send(Request.cmd(Command.HGETALL).arg(Keys.delivery(roomId))).map(DeliveryModeStore::decode);
    }

    public Uni<Void> put(String roomId, DeliveryPolicy policy) {
        String key = Keys.delivery(roomId);
        Uni<Response> room = policy.mode() == DeliveryPolicy.Mode.PUSH && policy.reason().isEmpty()
                ? redis.send(Request.cmd(Command.DEL).arg(key))
                : redis.send(Request.cmd(Command.HSET).arg(key)
                        .arg("mode").arg(policy.mode().wire()).arg("reason").arg(policy.reason())
                        .arg("since").arg(policy.sinceMs()).arg("until").arg(policy.untilMs()));
        Request index = policy.mode() == DeliveryPolicy.Mode.POLL
                ? Request.cmd(Command.ZADD).arg(Keys.pollRooms())
                        .arg(policy.untilMs() > 0 ? Long.toString(policy.untilMs()) : "+inf").arg(roomId)
                : Request.cmd(Command.ZREM).arg(Keys.pollRooms()).arg(roomId);
        return room.chain(() -> redis.send(index)).replaceWithVoid();
    }

    /** Rooms in poll whose {@code until} is at or before {@code nowMs}. */
    public Uni<List<String>> due(long nowMs) {
        return redis.send(Request.cmd(Command.ZRANGEBYSCORE).arg(Keys.pollRooms()).arg("-inf").arg(nowMs)
                .arg("LIMIT").arg(0).arg(100)).map(r -> {
                    List<String> ids = new ArrayList<>();
                    if (r != null) {
                        r.forEach(id -> ids.add(id.toString()));
                    }
                    return ids;
                });
    }

    /**
     * Takes a due room off the index; true for exactly one caller when several instances sweep at once,
     * so that one of them switches it back.
     */
    public Uni<Boolean> claimDue(String roomId) {
        return redis.send(Request.cmd(Command.ZREM).arg(Keys.pollRooms()).arg(roomId))
                .map(r -> r != null && r.toLong() == 1L);
    }

    /** Rooms an operator set to poll, across the cluster. */
    public Uni<Long> pollRoomCount() {
        return redis.send(Request.cmd(Command.ZCARD).arg(Keys.pollRooms())).map(r -> r == null ? 0L : r.toLong());
    }

    static DeliveryPolicy decode(Response hash) {
        if (hash == null || hash.size() == 0 || hash.get("mode") == null) {
            return DeliveryPolicy.DEFAULT;
        }
        DeliveryPolicy.Mode mode = DeliveryPolicy.Mode.parse(hash.get("mode").toString());
        return new DeliveryPolicy(mode == null ? DeliveryPolicy.Mode.PUSH : mode, str(hash, "reason"),
                num(hash, "since"), num(hash, "until"));
    }

    private static String str(Response hash, String field) {
        Response v = hash.get(field);
        return v == null ? "" : v.toString();
    }

    private static long num(Response hash, String field) {
        Response v = hash.get(field);
        return v == null ? 0 : Long.parseLong(v.toString());
    }
}
