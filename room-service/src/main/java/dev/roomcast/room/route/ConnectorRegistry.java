package dev.roomcast.room.route;

import dev.roomcast.proto.v1.ConnectorInfo;
import dev.roomcast.room.config.RoomConfig;
import dev.roomcast.room.membership.Keys;
import dev.roomcast.room.membership.RedisMembershipStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Connector leases in Redis: a sorted set connectorId -> lease expiry and a hash of their
 * ConnectorInfo. A periodic sweep (safe to run on every instance: each step is idempotent) drops the
 * routes of connectors whose lease ran out and refreshes this instance's cached view of live ones,
 * which the delivery path reads without a Redis round trip.
 */
@ApplicationScoped
public class ConnectorRegistry {

    private static final Logger LOG = Logger.getLogger(ConnectorRegistry.class);

    /** Lease outcome: whether Redis had lost this connector (its routes must be re-announced). */
    public record Renewal(int leaseMillis, boolean reannounce) {
    }

    private final Redis redis;
    private final Vertx vertx;
    private final RedisMembershipStore membership;
    private final RoomConfig.Connectors config;
    private final Counter expired;
    private volatile Map<String, ConnectorInfo> live = Map.of();
    private long timerId = -1;

    public ConnectorRegistry(Redis redis, Vertx vertx, RedisMembershipStore membership, RoomConfig config,
                             MeterRegistry registry) {
        this.redis = redis;
        this.vertx = vertx;
        this.membership = membership;
        this.config = config.connectors();
        this.expired = Counter.builder("roomcast_connectors_expired_total")
                .description("Connector leases that ran out (their routes were dropped)").register(registry);
    }

    void onStart(@Observes StartupEvent event) {
        timerId = vertx.setPeriodic(config.sweepIntervalMillis(), id -> sweep().subscribe().with(
                n -> { }, failure -> LOG.warnf("connector sweep failed: %s", failure.getMessage())));
    }

    void onStop(@Observes ShutdownEvent event) {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
    }

    public int leaseMillis() {
        return config.leaseMillis();
    }

    public int renewIntervalMillis() {
        return config.renewIntervalMillis();
    }

    /** A connector (re)starting: whatever routes Redis still holds under its id are stale. */
    public Uni<Void> register(ConnectorInfo info) {
        return membership.dropConnector(info.getConnectorId()).chain(() -> lease(info)).replaceWithVoid();
    }

    public Uni<Renewal> renew(ConnectorInfo info) {
        long now = System.currentTimeMillis();
        return redis.send(Request.cmd(Command.ZSCORE).arg(Keys.connectorLeases()).arg(info.getConnectorId()))
                .chain(score -> {
                    // No lease (Redis lost it or the sweep dropped it) or one past its grace: routes are gone or
                    // going. A renewal late but within the grace keeps everything: nothing to re-announce.
                    boolean lost = score == null || (long) Double.parseDouble(score.toString()) < now - config.graceMillis();
                    return lease(info).replaceWith(new Renewal(config.leaseMillis(), lost));
                });
    }

    private Uni<List<Response>> lease(ConnectorInfo info) {
        long expiry = System.currentTimeMillis() + config.leaseMillis();
        String encoded = Base64.getEncoder().encodeToString(info.toByteArray());
        return redis.batch(List.of(
                Request.cmd(Command.HSET).arg(Keys.connectorInfo()).arg(info.getConnectorId()).arg(encoded),
                Request.cmd(Command.ZADD).arg(Keys.connectorLeases()).arg(expiry).arg(info.getConnectorId())))
                .invoke(ok -> {
                    Map<String, ConnectorInfo> next = new HashMap<>(live);
                    next.put(info.getConnectorId(), info);
                    live = next;
                });
    }

    /** Drops connectors past lease and grace, and their routes, then refreshes the live view. Returns how many expired. */
    public Uni<Integer> sweep() {
        long deadline = System.currentTimeMillis() - config.graceMillis();
        return redis.send(Request.cmd(Command.ZRANGEBYSCORE).arg(Keys.connectorLeases()).arg("-inf").arg(deadline))
                .chain(expiredIds -> {
                    List<String> ids = new ArrayList<>();
                    if (expiredIds != null) {
                        expiredIds.forEach(r -> ids.add(r.toString()));
                    }
                    return Multi.createFrom().iterable(ids).onItem().transformToUniAndConcatenate(this::expire)
                            .collect().asList().map(List::size);
                })
                .call(n -> refresh());
    }

    private Uni<Void> expire(String connectorId) {
        expired.increment();
        LOG.infof("connector %s lease expired (past its %d ms grace): dropping its routes", connectorId,
                config.graceMillis());
        return membership.dropConnector(connectorId).chain(() -> redis.batch(List.of(
                Request.cmd(Command.ZREM).arg(Keys.connectorLeases()).arg(connectorId),
                Request.cmd(Command.HDEL).arg(Keys.connectorInfo()).arg(connectorId)))).replaceWithVoid();
    }

    /**
     * Reads the live connectors from Redis (fresh) and caches them. A connector whose lease lapsed but is
     * within the grace stays live: it is most likely busy, not dead, and its members still want blocks.
     */
    public Uni<Map<String, ConnectorInfo>> refresh() {
        long now = System.currentTimeMillis() - config.graceMillis();
        return redis.batch(List.of(
                        Request.cmd(Command.ZRANGEBYSCORE).arg(Keys.connectorLeases()).arg(now).arg("+inf"),
                        Request.cmd(Command.HGETALL).arg(Keys.connectorInfo())))
                .map(r -> {
                    Map<String, ConnectorInfo> next = new HashMap<>();
                    Response infos = r.get(1);
                    for (Response id : r.get(0)) {
                        Response encoded = infos == null ? null : infos.get(id.toString());
                        ConnectorInfo info = encoded == null ? null : decode(encoded.toString());
                        if (info != null) {
                            next.put(info.getConnectorId(), info);
                        }
                    }
                    live = next;
                    return next;
                });
    }

    /** Live connectors as of the last sweep or lease (at most a sweep interval old). */
    public Map<String, ConnectorInfo> live() {
        return live;
    }

    private static ConnectorInfo decode(String base64) {
        try {
            return ConnectorInfo.parseFrom(Base64.getDecoder().decode(base64));
        } catch (Exception e) {
            return null;
        }
    }
}
