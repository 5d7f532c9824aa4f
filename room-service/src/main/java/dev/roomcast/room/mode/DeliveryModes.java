package dev.roomcast.room.mode;

import dev.roomcast.common.ids.Ids;
import dev.roomcast.room.api.ApiError;
import dev.roomcast.room.config.RoomConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;

/**
 * The operator's delivery mode of each room (vivo: the server decides push or poll). Setting one writes
 * Redis, then tells the room's connectors, then tells them once more after the join cache's lifetime:
 * a connector whose first join of the room was answered from a stale cache in between is then corrected.
 * Rooms whose {@code until} passed are put back to push by a sweep that any instance may run (one wins).
 */
@ApplicationScoped
public class DeliveryModes {

    private static final Logger LOG = Logger.getLogger(DeliveryModes.class);

    /** A room's mode as set: what was asked, and what the connectors reached. */
    public record Applied(String roomId, DeliveryPolicy policy, ModePropagator.Reach reach) {
    }

    private record Cached(DeliveryPolicy policy, long readAtMs) {
    }

    private final DeliveryModeStore store;
    private final ModePropagator propagator;
    private final Vertx vertx;
    private final RoomConfig.Delivery config;
    private final LongSupplier clock;
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();
    private final AtomicLong pollRooms = new AtomicLong();
    private final AtomicReference<Long> sweepTimer = new AtomicReference<>();
    private final Counter switches;
    private final Counter viewersSwitched;
    private final Counter expired;

    DeliveryModes(DeliveryModeStore store, ModePropagator propagator, Vertx vertx, RoomConfig config, MeterRegistry registry) {
        this.store = store;
        this.propagator = propagator;
        this.vertx = vertx;
        this.config = config.delivery();
        this.clock = System::currentTimeMillis;
        Gauge.builder("roomcast_room_delivery_rooms", pollRooms, AtomicLong::get).tag("mode", "poll")
                .description("Rooms an operator set to poll (cluster-wide, refreshed by the expiry sweep)").register(registry);
        this.switches = Counter.builder("roomcast_room_delivery_switches_total")
                .description("Operator delivery-mode changes applied").register(registry);
        this.viewersSwitched = Counter.builder("roomcast_room_delivery_viewers_switched_total")
                .description("Viewers the connectors reported switching (either way) on operator changes").register(registry);
        this.expired = Counter.builder("roomcast_room_delivery_expired_total")
                .description("Rooms put back to push because their until passed").register(registry);
    }

    void onStart(@Observes StartupEvent event) {
        sweepTimer.set(vertx.setPeriodic(config.expirySweepMillis(), id -> sweep().subscribe().with(
                n -> { }, e -> LOG.debugf("delivery expiry sweep failed: %s", e.getMessage()))));
    }

    void onStop(@Observes ShutdownEvent event) {
        Long id = sweepTimer.get();
        if (id != null) {
            vertx.cancelTimer(id);
        }
    }

    /** The room's policy; {@code until} already applied. Uncached: the operator's GET. */
    public Uni<DeliveryPolicy> get(String roomId) {
        requireRoom(roomId);
        return store.get(roomId).map(p -> current(p, clock.getAsLong()));
    }

    /** The policy a join reply carries: cached per instance for {@code cache-millis}. */
    public Uni<DeliveryPolicy> forJoin(String roomId) {
        long now = clock.getAsLong();
        Cached hit = cache.get(roomId);
        if (hit != null && now - hit.readAtMs() < config.cacheMillis()) {
            return Uni.createFrom().item(current(hit.policy(), now));
        }
        return store.get(roomId).invoke(p -> {
            if (cache.size() > 100_000) {
                cache.clear();   // bounded: a flood of distinct rooms costs a re-read, never memory
            }
            cache.put(roomId, new Cached(p, now));
        }).map(p -> current(p, now));
    }

    /**
     * Validates and applies an operator's change. Typed errors: BAD_ROOM, BAD_MODE (not push|poll),
     * BAD_UNTIL (past, or with push), BAD_REQUEST (reason too long).
     */
    public Uni<Applied> set(String roomId, String mode, String reason, Long untilMs) {
        requireRoom(roomId);
        DeliveryPolicy.Mode parsed = DeliveryPolicy.Mode.parse(mode);
        if (parsed == null) {
            throw ApiError.BAD_MODE.exception("mode must be push or poll");
        }
        String why = reason == null ? "" : reason;
        if (why.length() > config.maxReasonChars()) {
            throw ApiError.BAD_REQUEST.exception("reason longer than " + config.maxReasonChars() + " characters");
        }
        long now = clock.getAsLong();
        long until = untilMs == null ? 0 : untilMs;
        if (untilMs != null && parsed == DeliveryPolicy.Mode.PUSH) {
            throw ApiError.BAD_UNTIL.exception("untilMs applies to poll only (push is the default and has no end)");
        }
        if (untilMs != null && until <= now) {
            throw ApiError.BAD_UNTIL.exception("untilMs must be in the future (epoch ms), got " + until);
        }
        return apply(roomId, new DeliveryPolicy(parsed, why, now, until));
    }

    private Uni<Applied> apply(String roomId, DeliveryPolicy policy) {
        return store.put(roomId, policy).invoke(() -> cache.remove(roomId))
                .chain(() -> propagator.propagate(roomId, policy))
                .invoke(reach -> {
                    switches.increment();
                    viewersSwitched.increment(reach.viewers());
                    LOG.infof("room %s delivery %s (%s): %d viewers on %d connectors, %d failed", roomId,
                            policy.mode().wire(), policy.reason(), reach.viewers(), reach.connectors(), reach.failed());
                    // Again once every instance's join cache has expired (see the class comment); idempotent.
                    vertx.setTimer(config.cacheMillis() + 100L, id -> propagator.propagate(roomId, policy)
                            .subscribe().with(r -> { }, e -> { }));
                })
                .map(reach -> new Applied(roomId, policy, reach));
    }

    /** Puts the rooms whose {@code until} passed back to push; returns how many this instance did. */
    Uni<Integer> sweep() {
        long now = clock.getAsLong();
        return store.due(now)
                .chain(ids -> Multi.createFrom().iterable(ids)
                        .onItem().transformToUniAndConcatenate(roomId -> store.claimDue(roomId).chain(mine -> mine
                                ? apply(roomId, new DeliveryPolicy(DeliveryPolicy.Mode.PUSH, "until passed", now, 0))
                                        .invoke(a -> expired.increment()).replaceWith(1)
                                : Uni.createFrom().item(0)))
                        .collect().asList().map(l -> l.stream().mapToInt(Integer::intValue).sum()))
                .call(n -> store.pollRoomCount().invoke(pollRooms::set));
    }

    private static DeliveryPolicy current(DeliveryPolicy p, long now) {
        return p.effectiveAt(now) == p.mode() ? p : DeliveryPolicy.DEFAULT;
    }

    private static void requireRoom(String roomId) {
        if (!Ids.isRoomId(roomId)) {
            throw ApiError.BAD_ROOM.exception(Ids.ROOM_ID_RULE);
        }
    }
}
