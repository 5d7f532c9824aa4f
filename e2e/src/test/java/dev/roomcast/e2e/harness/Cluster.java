package dev.roomcast.e2e.harness;

import dev.roomcast.devstack.Endpoints;
import dev.roomcast.devstack.LocalServers;
import dev.roomcast.devstack.RedisCluster;
import dev.roomcast.devstack.RedisClusterMode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole Roomcast set as real processes, started once per test JVM and shared by every IT class:
 * one mailbox, one gift-service, two room-service instances, two connectors, on the e2e ports
 * (26xxx by default), with Redis logical DB 5 and the local PostgreSQL (or the embedded fallback of devstack),
 * in a database of the suite's own ({@link E2eDatabase}). In the {@code redis-cluster} run the Redis is the
 * test Redis Cluster instead ({@link RedisCluster}), emptied at start.
 *
 * <p>room-service is reached through {@link #roomVip}, a round-robin relay over both instances,
 * the way a Kubernetes Service spreads connectors, gift-service and clients over room-service pods
 * and stops sending to a dead one. Leases are short (connector 3 s, instance 3 s) so that the
 * failover scenarios finish in seconds. A test that kills a process restarts it before it ends
 * ({@link #ensureAllRunning()}), so later tests find the full set.
 */
public final class Cluster {

    public static final String TOKEN_SECRET = "roomcast-e2e-secret-0123456789abcdef-0123456789";
    /** Signs service credentials (the services' service-token-secrets), separate from user tokens' key. */
    public static final String SERVICE_TOKEN_SECRET = "roomcast-e2e-service-secret-0123456789abcdef-01";
    /** All e2e ports derive from this base (default 26000; {@code -Droomcast.e2e.port-base=...} to move them). */
    public static final int PORT_BASE = Integer.getInteger("roomcast.e2e.port-base", 26000);
    public static final int ROOM_VIP_PORT = PORT_BASE + 80;
    public static final int CONNECTOR_A_HTTP = PORT_BASE + 81;
    public static final int CONNECTOR_A_WS = PORT_BASE + 90;
    public static final int CONNECTOR_A_TCP = PORT_BASE + 91;
    public static final int CONNECTOR_B_HTTP = PORT_BASE + 181;
    public static final int CONNECTOR_B_WS = PORT_BASE + 190;
    public static final int CONNECTOR_B_TCP = PORT_BASE + 191;
    public static final int ROOM_A_HTTP = PORT_BASE + 82;
    public static final int ROOM_B_HTTP = PORT_BASE + 182;
    public static final int MAILBOX_HTTP = PORT_BASE + 83;
    public static final int GIFT_HTTP = PORT_BASE + 84;
    public static final int MAX_PER_BLOCK = 20;
    public static final int TICK_MILLIS = 1000;
    public static final int IMMEDIATE_PRIORITY = 200;
    /** Connectors spread a room's push/poll switch over this window. */
    public static final int SWITCH_WINDOW_MILLIS = 3000;
    /** The pressure governor's minimum dwell (per room and between switches). */
    public static final int PRESSURE_DWELL_MILLIS = 4000;

    private static Cluster instance;
    private static RuntimeException startFailure;

    public final Endpoints servers;
    public final ServiceProcess mailbox;
    public final ServiceProcess gift;
    public final ServiceProcess roomA;
    public final ServiceProcess roomB;
    public final ServiceProcess connectorA;
    public final ServiceProcess connectorB;
    public final TcpProxy roomVip;
    public final Api api;
    public final RedisDb redis;

    private Cluster() {
        servers = E2eDatabase.recreate(LocalServers.shared(Path.of("target", "devstack")).endpoints());
        redis = RedisDb.of(servers, 5);
        clearLogs();
        redis.flushDb();   // DB 5 is the e2e suite's own: leases and routes of a previous run must not linger
        Ports.requireFree(List.of(ROOM_VIP_PORT, CONNECTOR_A_HTTP, CONNECTOR_A_WS, CONNECTOR_A_TCP, CONNECTOR_B_HTTP,
                CONNECTOR_B_WS, CONNECTOR_B_TCP, ROOM_A_HTTP, ROOM_B_HTTP, MAILBOX_HTTP, GIFT_HTTP));
        roomVip = new TcpProxy("room-vip", ROOM_VIP_PORT, List.of(
                new InetSocketAddress("127.0.0.1", ROOM_A_HTTP), new InetSocketAddress("127.0.0.1", ROOM_B_HTTP)));
        mailbox = new ServiceProcess("mailbox", "mailbox-service", MAILBOX_HTTP, mailboxProps());
        gift = new ServiceProcess("gift", "gift-service", GIFT_HTTP, giftProps());
        roomA = new ServiceProcess("room-a", "room-service", ROOM_A_HTTP, roomProps("room-a", ROOM_A_HTTP));
        roomB = new ServiceProcess("room-b", "room-service", ROOM_B_HTTP, roomProps("room-b", ROOM_B_HTTP));
        connectorA = new ServiceProcess("connector-a", "connector", CONNECTOR_A_HTTP, connectorProps("connector-a", CONNECTOR_A_HTTP, CONNECTOR_A_WS, CONNECTOR_A_TCP));
        connectorB = new ServiceProcess("connector-b", "connector", CONNECTOR_B_HTTP, connectorProps("connector-b", CONNECTOR_B_HTTP, CONNECTOR_B_WS, CONNECTOR_B_TCP));
        api = new Api("http://127.0.0.1:" + ROOM_VIP_PORT, mailbox.baseUrl(), gift.baseUrl(), TOKEN_SECRET, SERVICE_TOKEN_SECRET);
        // Registered before anything starts: a failed start must not leave processes behind.
        Runtime.getRuntime().addShutdownHook(new Thread(this::killAll, "e2e-cluster-stop"));
        try {
            ensureAllRunning();
        } catch (RuntimeException e) {
            killAll();
            throw e;
        }
    }

    /** The shared cluster, started on first use (about half a minute on the 2-core machine). */
    public static synchronized Cluster get() {
        if (startFailure != null) {
            throw new IllegalStateException("the e2e cluster failed to start earlier in this run", startFailure);
        }
        if (instance == null) {
            try {
                instance = new Cluster();
            } catch (RuntimeException e) {
                startFailure = e;   // later classes fail at once instead of colliding with the remains
                throw e;
            }
        }
        return instance;
    }

    public List<ServiceProcess> all() {
        return List.of(mailbox, gift, roomA, roomB, connectorA, connectorB);
    }

    public ServiceProcess connector(String instanceId) {
        return switch (instanceId) {
            case "connector-a" -> connectorA;
            case "connector-b" -> connectorB;
            default -> throw new IllegalArgumentException("unknown connector " + instanceId);
        };
    }

    /**
     * A fresh room that {@code owner} owns: a publish sent to the other instance is forwarded (its
     * forward counter moves); one sent to the owner is not. Other traffic can only add forwards, so
     * an unchanged counter on {@code owner} proves ownership.
     */
    public String roomOwnedBy(ServiceProcess owner, String scenario) {
        for (int attempt = 0; attempt < 40; attempt++) {
            String candidate = Rooms.unique(scenario);
            double before = api.metric(owner, "roomcast_publish_forwards_total", "outcome=\"forwarded\"");
            api.chat(owner.baseUrl(), candidate, "probe", 0, "who owns me?");
            if (api.metric(owner, "roomcast_publish_forwards_total", "outcome=\"forwarded\"") == before) {
                return candidate;
            }
        }
        throw new AssertionError("no room owned by " + owner.name() + " in 40 tries (is it alone?)");
    }

    public String dispatcherUrl() {
        return "http://127.0.0.1:" + ROOM_VIP_PORT;
    }

    /** Starts whatever is not running (all at once: JVM start-up dominates) and waits until each is ready. */
    public synchronized void ensureAllRunning() {
        List<ServiceProcess> started = new ArrayList<>();
        for (ServiceProcess p : all()) {
            if (!p.alive()) {
                p.start();
                started.add(p);
            }
        }
        for (ServiceProcess p : started) {
            p.awaitReady(Duration.ofSeconds(180));
        }
        // Ready is not registered: wait until the dispatcher lists both connectors.
        api.awaitConnectors(List.of("connector-a", "connector-b"), Duration.ofSeconds(60));
    }

    /** Writes the roomcast_* metrics of every running service to target/e2e-logs/{label}-metrics.txt. */
    public void dumpMetrics(String label) {
        StringBuilder out = new StringBuilder();
        for (ServiceProcess p : all()) {
            out.append("== ").append(p.name()).append('\n');
            if (!p.alive()) {
                out.append("(not running)\n");
                continue;
            }
            try {
                api.metricsText(p).lines().filter(l -> l.startsWith("roomcast_")).forEach(l -> out.append(l).append('\n'));
            } catch (RuntimeException e) {
                out.append("(unreadable: ").append(e.getMessage()).append(")\n");
            }
        }
        try {
            Files.writeString(Path.of("target", "e2e-logs", label + "-metrics.txt"), out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Against Redis Cluster, fails if a service logged a Redis error reply (CROSSSLOT and the like,
     * {@link RedisClusterMode#REDIS_ERROR}) since the previous check: every command must suit the cluster.
     */
    public void assertNoRedisErrorsLogged() {
        if (!RedisCluster.clusterMode()) {
            return;
        }
        List<String> errors = new ArrayList<>();
        try (var logs = Files.list(Path.of("target", "e2e-logs"))) {
            for (Path log : logs.filter(f -> f.toString().endsWith(".log")).sorted().toList()) {
                RedisClusterMode.newRedisErrors(log).forEach(line -> errors.add(log.getFileName() + ": " + line));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!errors.isEmpty()) {
            throw new AssertionError("Redis errors in the service logs:\n" + String.join("\n", errors));
        }
    }

    /** Each run's process logs start empty (a restarted process appends to its own). */
    private static void clearLogs() {
        try (var logs = Files.list(Files.createDirectories(Path.of("target", "e2e-logs")))) {
            for (Path log : logs.toList()) {
                Files.deleteIfExists(log);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void killAll() {
        all().forEach(ServiceProcess::kill);
        roomVip.close();
    }

    /**
     * Overrides from the command line for experiments: {@code -De2e.<service>.<property>=<value>}
     * (service: connector, room, mailbox, gift) reaches every process of that service.
     */
    private static Map<String, String> overrides(String service, Map<String, String> p) {
        String prefix = "e2e." + service + ".";
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith(prefix))
                .forEach(k -> p.put(k.substring(prefix.length()), System.getProperty(k)));
        return p;
    }

    private Map<String, String> common(String service) {
        Map<String, String> p = new LinkedHashMap<>();
        if (!service.equals("connector") && RedisCluster.clusterMode()) {
            p.put("quarkus.redis.client-type", "cluster");
            p.put("quarkus.redis.hosts", RedisCluster.seeds());
        } else if (!service.equals("connector")) {   // the connector holds no state in Redis
            p.put("quarkus.redis.hosts", servers.redisUrl(5));
        }
        p.put("roomcast." + service + ".token-secrets", TOKEN_SECRET);
        p.put("roomcast." + service + ".service-token-secrets", SERVICE_TOKEN_SECRET);
        return p;
    }

    private Map<String, String> postgres(Map<String, String> p) {
        p.put("quarkus.datasource.reactive.url", servers.reactivePgUrl());
        p.put("quarkus.datasource.jdbc.url", servers.jdbcPgUrl());
        p.put("quarkus.datasource.username", servers.pgUser());
        p.put("quarkus.datasource.password", servers.pgPassword());
        return p;
    }

    private Map<String, String> mailboxProps() {
        Map<String, String> p = postgres(common("mailbox"));
        p.put("roomcast.mailbox.instance-id", "mailbox-e2e");
        return overrides("mailbox", p);
    }

    private Map<String, String> giftProps() {
        Map<String, String> p = postgres(common("gift"));
        p.put("roomcast.gift.instance-id", "gift-e2e");
        p.put("quarkus.grpc.clients.room.host", "127.0.0.1");
        p.put("quarkus.grpc.clients.room.port", Integer.toString(ROOM_VIP_PORT));
        // The fault test cuts the anchor's link many times: a short re-push back-off keeps it quick.
        p.put("roomcast.gift.repush-initial-millis", "200");
        p.put("roomcast.gift.repush-max-millis", "2000");
        p.put("roomcast.gift.outbox-poll-millis", "200");
        p.put("roomcast.gift.publish-lease-millis", "1000");
        return overrides("gift", p);
    }

    private Map<String, String> roomProps(String id, int port) {
        Map<String, String> p = common("room");
        p.put("roomcast.room.instance-id", id);
        p.put("roomcast.room.advertised-grpc-address", "127.0.0.1:" + port);
        p.put("quarkus.grpc.clients.mailbox.host", "127.0.0.1");
        p.put("quarkus.grpc.clients.mailbox.port", Integer.toString(mailbox.httpPort()));
        p.put("roomcast.room.connectors.lease-millis", "3000");
        p.put("roomcast.room.connectors.renew-interval-millis", "1000");
        p.put("roomcast.room.connectors.sweep-interval-millis", "500");
        p.put("roomcast.room.connectors.grace-millis", "1000");
        p.put("roomcast.room.instances.lease-millis", "3000");
        p.put("roomcast.room.instances.renew-interval-millis", "500");
        p.put("roomcast.scheduler.tick-millis", Integer.toString(TICK_MILLIS));
        p.put("roomcast.scheduler.max-per-block", Integer.toString(MAX_PER_BLOCK));
        p.put("roomcast.scheduler.immediate-priority", Integer.toString(IMMEDIATE_PRIORITY));
        // Ticks run late on the loaded 2-core CI machine; the scenarios check order, block size and
        // loss, not staleness (the scheduler's own tests cover max age), so CHAT may wait 10 s here.
        p.put("roomcast.scheduler.max-age-millis", "CHAT:10000");
        p.put("roomcast.room.delivery.switch-window-millis", Integer.toString(SWITCH_WINDOW_MILLIS));
        return overrides("room", p);
    }

    private Map<String, String> connectorProps(String id, int httpPort, int wsPort, int tcpPort) {
        Map<String, String> p = common("connector");
        p.put("roomcast.connector.instance-id", id);
        p.put("roomcast.connector.ws-port", Integer.toString(wsPort));
        p.put("roomcast.connector.tcp-port", Integer.toString(tcpPort));
        p.put("roomcast.connector.advertised-host", "127.0.0.1");
        p.put("roomcast.connector.advertised-grpc-port", Integer.toString(httpPort));
        p.put("roomcast.connector.history-url", mailbox.baseUrl());
        p.put("roomcast.connector.lease-renew-millis", "1000");
        p.put("roomcast.connector.drain-window-millis", "500");
        p.put("roomcast.connector.reconcile-interval-millis", "2000");
        // Both client transports under every scenario: connector-b as the chart and bin/roomcast run it
        // (native epoll), connector-a on the shared NIO event loops.
        p.put("roomcast.connector.native-transport", Boolean.toString(id.equals("connector-b")));
        p.put("quarkus.grpc.clients.room.host", "127.0.0.1");
        p.put("quarkus.grpc.clients.room.port", Integer.toString(ROOM_VIP_PORT));
        p.put("quarkus.grpc.clients.room-lease.host", "127.0.0.1");
        p.put("quarkus.grpc.clients.room-lease.port", Integer.toString(ROOM_VIP_PORT));
        p.put("quarkus.grpc.clients.gift.host", "127.0.0.1");
        p.put("quarkus.grpc.clients.gift.port", Integer.toString(gift.httpPort()));
        p.put("quarkus.shutdown.timeout", "5S");
        // The push/poll governor runs, but real pressure here is ~0: only a simulated one (POST
        // /admin/pressure) moves rooms, so other scenarios never see a switch.
        p.put("roomcast.connector.delivery.switch-window-millis", Integer.toString(SWITCH_WINDOW_MILLIS));
        p.put("roomcast.connector.delivery.pressure.enabled", "true");
        p.put("roomcast.connector.delivery.pressure.evaluate-interval-millis", "200");
        p.put("roomcast.connector.delivery.pressure.min-dwell-millis", Integer.toString(PRESSURE_DWELL_MILLIS));
        p.put("roomcast.connector.delivery.pressure.min-viewers", "1");
        return overrides("connector", p);
    }
}
