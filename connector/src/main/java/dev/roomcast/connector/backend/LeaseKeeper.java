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
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.LinkedHashSet;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Keeps this connector registered with room-service: registers at start (retrying quietly while
 * room-service is not up: the connector serves clients meanwhile), renews the lease with its load, and
 * re-announces every local mcast after (re-)registration or when room-service asks.
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
    private volatile boolean registered;
    private volatile long renewMillis;
    private volatile boolean warned;

    LeaseKeeper(Vertx vertx, ConnectorConfig config, RoomGateway room, ServiceCredentials credentials,
            ConnectionRegistry connections, McastRegistry mcasts, DrainState drain) {
        this.vertx = vertx;
        this.config = config;
        this.room = room;
        this.credentials = credentials;
        this.connections = connections;
        this.mcasts = mcasts;
        this.drain = drain;
        this.renewMillis = config.leaseRenewMillis();
    }

    void onStart(@Observes StartupEvent event) {
        vertx.setTimer(1, id -> tick());
    }

    public boolean registered() {
        return registered;
    }

    private void tick() {
        (registered ? renew() : register()).subscribe().with(
                ok -> vertx.setTimer(renewMillis, id -> tick()),
                e -> {
                    registered = false;
                    if (!warned) {
                        warned = true;
                        LOG.warnf("room-service not reachable (%s); retrying every %d ms", e.getMessage(),
                                config.leaseRenewMillis());
                    }
                    vertx.setTimer(config.leaseRenewMillis(), id -> tick());
                });
    }

    private Uni<Void> register() {
        return room.register(RegisterConnectorRequest.newBuilder().setConnector(info()).build())
                .onItem().transformToUni(reply -> {
                    registered = true;
                    warned = false;
                    if (reply.getRenewIntervalMs() > 0) {
                        renewMillis = reply.getRenewIntervalMs();
                    }
                    LOG.infof("registered with room-service as %s (lease %d ms)", credentials.connectorId(),
                            reply.getLeaseMs());
                    return announce().replaceWithVoid();
                });
    }

    private Uni<Void> renew() {
        return room.renew(RenewConnectorRequest.newBuilder().setConnector(info()).build())
                .onItem().transformToUni(reply -> reply.getReannounce() ? announce().replaceWithVoid() : Uni.createFrom().voidItem());
    }

    /** Tells room-service right away (drain state changed). */
    public void renewNow() {
        if (registered) {
            renew().subscribe().with(ok -> { }, e -> LOG.debugf("renew failed: %s", e.getMessage()));
        }
    }

    /** Sends every local mcast with its members; returns how many mcasts were announced. */
    public Uni<Integer> announce() {
        AnnounceMcastsRequest.Builder request = AnnounceMcastsRequest.newBuilder().setConnectorId(credentials.connectorId());
        for (Mcast mcast : mcasts.all()) {
            Set<String> users = new LinkedHashSet<>();
            for (int i = 0; i < connections.loops(); i++) {
                for (Session s : mcast.membersOnLoop(i)) {
                    users.add(s.principal().userId());
                }
            }
            request.addMcasts(McastMembers.newBuilder().setMcastId(mcast.id()).setMembers(mcast.size()).addAllUserIds(users));
        }
        int count = request.getMcastsCount();
        return room.announce(request.build()).replaceWith(count);
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
