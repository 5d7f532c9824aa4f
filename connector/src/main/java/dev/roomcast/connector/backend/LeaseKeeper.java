package dev.roomcast.connector.backend;

import dev.roomcast.connector.config.ConnectorConfig;
import dev.roomcast.connector.drain.DrainState;
import dev.roomcast.connector.membership.ConnectionRegistry;
import dev.roomcast.connector.membership.Mcast;
import dev.roomcast.connector.membership.McastRegistry;
import dev.roomcast.connector.session.Session;
import dev.roomcast.proto.v1.AnnounceMcastsRequest;
import dev.roomcast.proto.v1.ConnectorInfo;
import dev.roomcast.proto.v1.McastMembers;
import dev.roomcast.proto.v1.RegisterConnectorRequest;
import dev.roomcast.proto.v1.RenewConnectorRequest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Keeps this connector registered with room-service and room-service's view of its members true.
 * <ul>
 * <li>Registers once at start (retrying quietly while room-service is not up: the connector serves
 * clients meanwhile); registration drops whatever Redis held under this id, so it is never repeated
 * while the process lives.</li>
 * <li>Renews the lease with its load on its own channel; a failed or late renewal is simply retried
 * sooner (room-service keeps a lapsed lease for a grace period). Only when room-service says it lost
 * this connector does it re-announce.</li>
 * <li>Announces in chunks under the gRPC message limit, with user ids (full) after a loss, with counts
 * only (reconcile) every {@code reconcile-interval-millis} or soon after a join whose outcome is
 * unknown. Mcasts with a change in flight are announced as "keep as is".</li>
 * </ul>
 */
@Singleton
public class LeaseKeeper {

    private static final Logger LOG = Logger.getLogger(LeaseKeeper.class);

    private final Vertx vertx;
    private final ConnectorConfig config;
    private final RoomGateway room;
    private final ServiceCredentials credentials;
    private final ConnectionRegistry connections;
    private final McastRegistry mcasts;
    private final DrainState drain;
    private final MembershipActivity activity;
    private final MemberCounts counts;
    private final Counter repaired;
    private final Counter renewFailures;
    private final AtomicBoolean announcing = new AtomicBoolean();
    private final AtomicBoolean reconcileSoon = new AtomicBoolean();
    private volatile boolean registered;
    private volatile boolean fullAnnounceOwed;
    private volatile long renewMillis;
    /** Failed registrations within this long of the start are expected (room-service starting too): INFO. */
    private static final long STARTUP_GRACE_MILLIS = 60_000;
    private final long startedMillis = System.currentTimeMillis();
    private volatile boolean everRegistered;
    private volatile long registerRetryMillis;
    private volatile boolean warned;

    LeaseKeeper(Vertx vertx, ConnectorConfig config, RoomGateway room, ServiceCredentials credentials,
            ConnectionRegistry connections, McastRegistry mcasts, DrainState drain, MembershipActivity activity,
            MemberCounts counts, MeterRegistry registry) {
        this.counts = counts;
        this.vertx = vertx;
        this.config = config;
        this.room = room;
        this.credentials = credentials;
        this.connections = connections;
        this.mcasts = mcasts;
        this.drain = drain;
        this.activity = activity;
        this.renewMillis = config.leaseRenewMillis();
        this.repaired = Counter.builder("roomcast_connector_membership_repaired_total")
                .description("Route counts room-service held differently from this connector (repaired by announce or reconcile)")
                .register(registry);
        this.renewFailures = Counter.builder("roomcast_connector_lease_renew_failures_total")
                .description("Lease renewals that failed or timed out (retried sooner)").register(registry);
    }

    void onStart(@Observes StartupEvent event) {
        vertx.setTimer(1, id -> tick());
        if (config.reconcileIntervalMillis() > 0) {
            vertx.setPeriodic(config.reconcileIntervalMillis(), id -> reconcile("periodic"));
        }
    }

    public boolean registered() {
        return registered;
    }

    private void tick() {
        (registered ? renew() : register()).subscribe().with(
                ok -> {
                    if (warned) {
                        warned = false;
                        LOG.infof("room-service reachable again");
                    }
                    vertx.setTimer(renewMillis, id -> tick());
                },
                e -> {
                    if (registered) {
                        renewFailures.increment();
                    }
                    long retry = retryMillis();
                    if (!registered && !everRegistered
                            && System.currentTimeMillis() - startedMillis < STARTUP_GRACE_MILLIS) {
                        // Starting together with room-service (a rollout, a fresh stack) is normal, not a fault.
                        LOG.infof("room-service not reachable yet (register: %s); retrying in %d ms", describe(e), retry);
                    } else if (!warned) {
                        warned = true;
                        LOG.warnf("room-service not reachable (%s: %s); retrying every %d ms", registered ? "renew" : "register",
                                describe(e), retry);
                    }
                    vertx.setTimer(retry, id -> tick());
                });
    }

    /**
     * After a failure, try again well inside the lease: a third of the renew interval, at least 200 ms.
     * Not registered yet: soon at first (room-service is usually just starting too), then backing off
     * to the renew interval.
     */
    private long retryMillis() {
        if (registered) {
            return Math.max(200, renewMillis / 3);
        }
        registerRetryMillis = Math.min(config.leaseRenewMillis(), Math.max(250, registerRetryMillis * 2));
        return registerRetryMillis;
    }

    private Uni<Void> register() {
        return room.register(RegisterConnectorRequest.newBuilder().setConnector(info()).build())
                .onItem().transformToUni(reply -> {
                    registered = true;
                    everRegistered = true;
                    registerRetryMillis = 0;
                    if (reply.getRenewIntervalMs() > 0) {
                        renewMillis = reply.getRenewIntervalMs();
                    }
                    LOG.infof("registered with room-service as %s (lease %d ms)", credentials.connectorId(),
                            reply.getLeaseMs());
                    fullAnnounceOwed = true;
                    return announceOwed();
                });
    }

    /** A failure for the log: its message, or its kind when it has none (a time-out). */
    private static String describe(Throwable e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    private Uni<Void> renew() {
        return room.renew(RenewConnectorRequest.newBuilder().setConnector(info()).build())
                .onItem().transformToUni(reply -> {
                    if (reply.getReannounce()) {
                        LOG.infof("room-service lost this connector's routes: re-announcing");
                        fullAnnounceOwed = true;
                    }
                    return announceOwed();
                });
    }

    /** A full announce that failed is owed until one succeeds; it runs in the background of the renewals. */
    private Uni<Void> announceOwed() {
        if (fullAnnounceOwed) {
            announce(true).subscribe().with(n -> fullAnnounceOwed = n < 0,
                    e -> LOG.warnf("re-announce failed (retried with the next renewal): %s", e.getMessage()));
        }
        return Uni.createFrom().voidItem();
    }

    /** Tells room-service right away (drain state changed). */
    public void renewNow() {
        if (registered) {
            renew().subscribe().with(ok -> { }, e -> LOG.debugf("renew failed: %s", e.getMessage()));
        }
    }

    /** A join timed out (room-service may or may not have applied it): reconcile once things settle. */
    public void reconcileSoon() {
        if (reconcileSoon.compareAndSet(false, true)) {
            vertx.setTimer(2L * config.backendTimeoutMillis(), id -> {
                reconcileSoon.set(false);
                reconcile("after an unanswered join");
            });
        }
    }

    private void reconcile(String why) {
        if (!registered) {
            return;
        }
        announce(false).subscribe().with(n -> LOG.debugf("reconciled %d mcasts (%s)", n, why),
                e -> LOG.debugf("reconcile failed (%s): %s", why, e.getMessage()));
    }

    /**
     * A full announce (with user ids) of every local mcast; returns how many were announced. If another
     * announce is running, this one waits for it and then runs (the caller asked for a fresh one).
     */
    public Uni<Integer> announce() {
        return announce(true).onItem().transformToUni(n -> n >= 0 ? Uni.createFrom().item(n)
                        : Uni.createFrom().<Integer>failure(new AnnounceBusy()))
                .onFailure(AnnounceBusy.class).retry().withBackOff(Duration.ofMillis(20), Duration.ofMillis(500))
                .atMost(60);
    }

    private static final class AnnounceBusy extends RuntimeException {
        AnnounceBusy() {
            super("an announce is running", null, false, false);
        }
    }

    /**
     * Sends every local mcast with its member count (and user ids when {@code full}), chunked; returns
     * how many mcasts were announced. One announce at a time: a second one asked meanwhile is skipped
     * (answering -1); a skipped full announce stays owed and runs with the next renewal.
     */
    Uni<Integer> announce(boolean full) {
        if (!announcing.compareAndSet(false, true)) {
            return Uni.createFrom().item(-1);
        }
        return Uni.createFrom().deferred(() -> {
            activity.resetTouched();
            long snapshotVersion = counts.sequence();
            List<McastMembers> entries = new ArrayList<>();
            Set<String> named = new HashSet<>();
            for (Mcast mcast : mcasts.all()) {
                named.add(mcast.id());
                entries.add(entry(mcast.id(), mcast, full));
            }
            for (String mcastId : counts.mcasts()) {
                if (named.add(mcastId)) {
                    entries.add(entry(mcastId, null, false));   // only joins on their way: no member here yet
                }
            }
            long announceId = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
            List<AnnounceMcastsRequest> chunks = AnnounceChunks.split(credentials.connectorId(), entries,
                    config.announceChunkMaxBytes(), announceId);
            return Multi.createFrom().range(0, chunks.size()).onItem().transformToUniAndConcatenate(i -> {
                AnnounceMcastsRequest chunk = chunks.get(i);
                if (!chunk.getMore()) {
                    chunk = withChangedSince(chunk, named, snapshotVersion);
                }
                return room.announce(chunk);
            }).collect().asList().map(replies -> {
                int fixed = replies.stream().mapToInt(r -> r.getRepaired()).sum();
                if (fixed > 0) {
                    repaired.increment(fixed);
                    LOG.infof("%s repaired %d route counts in room-service", full ? "announce" : "reconcile", fixed);
                }
                return entries.size();
            });
        }).onTermination().invoke(() -> announcing.set(false));
    }

    /**
     * One mcast's versioned figure (members here plus joins on their way): room-service applies it unless
     * a newer change of this connector was applied already, so a join or leave in flight cannot be undone.
     */
    private McastMembers entry(String mcastId, Mcast mcast, boolean full) {
        MemberCounts.Versioned figure = counts.current(mcastId);
        McastMembers.Builder entry = McastMembers.newBuilder().setMcastId(mcastId)
                .setMembers(figure.members()).setVersion(figure.version());
        if (full && mcast != null) {
            Set<String> users = new LinkedHashSet<>();
            for (int i = 0; i < connections.loops(); i++) {
                for (Session s : mcast.membersOnLoop(i)) {
                    users.add(s.principal().userId());
                }
            }
            entry.addAllUserIds(users);
        }
        return entry.build();
    }

    /**
     * The last chunk also names, as "keep as is", every mcast joined or left since the snapshot (not in
     * the snapshot, or changed after it): without them room-service would drop a route that a join made
     * while the announce was on its way.
     */
    private AnnounceMcastsRequest withChangedSince(AnnounceMcastsRequest last, Set<String> named, long snapshotVersion) {
        AnnounceMcastsRequest.Builder b = last.toBuilder().setVersion(snapshotVersion);
        for (String mcastId : activity.touchedSinceSnapshot()) {
            if (!named.contains(mcastId)) {
                b.addMcasts(McastMembers.newBuilder().setMcastId(mcastId).setMembers(-1));
            }
        }
        return b.build();
    }

    ConnectorInfo info() {
        String host = config.advertisedHost();
        return ConnectorInfo.newBuilder()
                .setConnectorId(credentials.connectorId())
                .setGrpcAddress(host + ":" + config.advertisedGrpcPort())
                .setWsUrl("ws://" + host + ":" + config.wsPort() + config.wsPath())
                .setTcpAddress(host + ":" + config.tcpPort())
                .setConnections(connections.count())
                .setDraining(drain.draining())
                .build();
    }
}
