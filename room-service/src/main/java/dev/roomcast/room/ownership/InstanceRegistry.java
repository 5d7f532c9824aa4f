package dev.roomcast.room.ownership;

import dev.roomcast.room.config.InstanceIdentity;
import dev.roomcast.room.config.RoomConfig;
import dev.roomcast.room.membership.Keys;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Leases of the room-service instances in Redis, and this instance's view of the live ones. Each
 * instance renews its lease every renew interval and re-reads the others'; an instance whose lease
 * ran out is no longer live, so its rooms move to the others within lease + renew interval.
 * Ids live at the last refresh count as live until the next one.
 */
@ApplicationScoped
public class InstanceRegistry {

    private static final Logger LOG = Logger.getLogger(InstanceRegistry.class);

    /** A live instance as seen in Redis. */
    public record Instance(String id, String grpcAddress) {
    }

    private final Redis redis;
    private final Vertx vertx;
    private final InstanceIdentity self;
    private final RoomConfig.Instances config;
    private volatile Map<String, Instance> view = Map.of();
    private long timerId = -1;

    public InstanceRegistry(Redis redis, Vertx vertx, InstanceIdentity self, RoomConfig config) {
        this.redis = redis;
        this.vertx = vertx;
        this.self = self;
        this.config = config.instances();
    }

    void onStart(@Observes StartupEvent event) {
        try {
            renew().await().atMost(Duration.ofSeconds(10));
        } catch (RuntimeException e) {
            // Redis not reachable yet: serve as the only known instance and keep trying on the timer.
            LOG.warnf("first instance lease failed, retrying: %s", e.getMessage());
        }
        timerId = vertx.setPeriodic(config.renewIntervalMillis(), id -> renew().subscribe().with(
                ok -> { }, failure -> LOG.warnf("instance lease renewal failed: %s", failure.getMessage())));
    }

    void onStop(@Observes ShutdownEvent event) {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
        // Give the rooms away at once rather than after the lease runs out.
        redis.send(Request.cmd(Command.ZREM).arg(Keys.instanceLeases()).arg(self.id()))
                .onFailure().recoverWithNull().await().atMost(Duration.ofSeconds(2));
    }

    /** Renews this instance's lease, then reloads the live instances. */
    public Uni<Void> renew() {
        long now = System.currentTimeMillis();
        List<Request> writes = List.of(
                Request.cmd(Command.ZADD).arg(Keys.instanceLeases()).arg(now + config.leaseMillis()).arg(self.id()),
                Request.cmd(Command.HSET).arg(Keys.instanceAddresses()).arg(self.id()).arg(self.grpcAddress()),
                // Forget instances dead for a long time so the set does not grow with every restart.
                Request.cmd(Command.ZREMRANGEBYSCORE).arg(Keys.instanceLeases()).arg("-inf").arg(now - 10L * config.leaseMillis()),
                Request.cmd(Command.ZRANGEBYSCORE).arg(Keys.instanceLeases()).arg(now).arg("+inf"),
                Request.cmd(Command.HGETALL).arg(Keys.instanceAddresses()));
        return redis.batch(writes).map(responses -> {
            view = parse(responses.get(3), responses.get(4));
            return null;
        });
    }

    /** Live instances by this instance's latest view (refreshed every renew interval); always includes this one. */
    public List<Instance> live() {
        Map<String, Instance> current = view;
        List<Instance> live = new ArrayList<>(current.values());
        if (!current.containsKey(self.id())) {
            live.add(new Instance(self.id(), self.grpcAddress()));
        }
        return live;
    }

    public String selfId() {
        return self.id();
    }

    private static Map<String, Instance> parse(Response liveIds, Response addresses) {
        Map<String, Instance> parsed = new HashMap<>();
        if (liveIds == null) {
            return parsed;
        }
        for (Response item : liveIds) {
            String id = item.toString();
            Response address = addresses == null ? null : addresses.get(id);
            if (address != null) {
                parsed.put(id, new Instance(id, address.toString()));
            }
        }
        return parsed;
    }
}
