package dev.roomcast.devstack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.logging.Logger;
import redis.embedded.RedisServer;

/**
 * Makes sure a PostgreSQL and a Redis answer: the configured ones (env ROOMCAST_PG_HOST/PORT,
 * ROOMCAST_REDIS_HOST/PORT, default localhost), else embedded servers started in this JVM with
 * their data under {@code dataDir}. Also creates the project's role and database, idempotently.
 * One instance per JVM; servers it started stop with {@link #close()} or at JVM exit.
 */
public final class LocalServers implements AutoCloseable {

    public static final String DATABASE = "roomcast";
    public static final String USER = "roomcast";
    public static final String PASSWORD = "roomcast";

    private static final Logger LOG = Logger.getLogger(LocalServers.class.getName());
    private static LocalServers shared;

    private final Endpoints endpoints;
    private EmbeddedPostgres embeddedPg;
    private RedisServer embeddedRedis;

    private LocalServers(Path dataDir) throws IOException {
        String pgHost = env("ROOMCAST_PG_HOST", "localhost");
        int pgPort = Integer.parseInt(env("ROOMCAST_PG_PORT", "5432"));
        String adminUser = env("ROOMCAST_PG_ADMIN_USER", "postgres");
        String adminPassword = env("ROOMCAST_PG_ADMIN_PASSWORD", "");
        boolean pgEmbedded = false;
        if (!canLogin(pgHost, pgPort, adminUser, adminPassword)) {
            Path pgDir = dataDir.resolve("postgres");
            Files.createDirectories(pgDir);
            int port = Probe.tcpOpen("localhost", 15432) ? Probe.freePort() : 15432;
            LOG.info("no PostgreSQL answers at " + pgHost + ":" + pgPort + "; starting an embedded one on " + port);
            embeddedPg = EmbeddedPostgres.builder()
                    .setDataDirectory(pgDir)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .start();
            pgHost = "localhost";
            pgPort = port;
            adminUser = "postgres";
            adminPassword = "";
            pgEmbedded = true;
        }
        ensureRoleAndDatabase(pgHost, pgPort, adminUser, adminPassword);

        String redisHost = env("ROOMCAST_REDIS_HOST", "localhost");
        int redisPort = Integer.parseInt(env("ROOMCAST_REDIS_PORT", "6379"));
        boolean redisEmbedded = false;
        if (!Probe.redisAnswers(redisHost, redisPort)) {
            int port = Probe.tcpOpen("localhost", 16379) ? Probe.freePort() : 16379;
            LOG.info("no Redis answers at " + redisHost + ":" + redisPort + "; starting an embedded one on " + port);
            embeddedRedis = RedisServer.newRedisServer()
                    .port(port)
                    .setting("bind 127.0.0.1")
                    .setting("save \"\"")
                    .setting("appendonly no")
                    .setting("dir " + Files.createDirectories(dataDir.resolve("redis")))
                    .build();
            embeddedRedis.start();
            redisHost = "localhost";
            redisPort = port;
            redisEmbedded = true;
        }
        endpoints = new Endpoints(pgHost, pgPort, DATABASE, USER, PASSWORD, redisHost, redisPort, pgEmbedded,
                redisEmbedded);
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, "devstack-stop"));
    }

    /** The JVM-wide instance (tests of several classes share one set of servers). */
    public static synchronized LocalServers shared(Path dataDir) {
        if (shared == null) {
            try {
                shared = new LocalServers(dataDir);
            } catch (IOException e) {
                throw new IllegalStateException("cannot start local servers", e);
            }
        }
        return shared;
    }

    public Endpoints endpoints() {
        return endpoints;
    }

    @Override
    public synchronized void close() {
        if (embeddedRedis != null) {
            try {
                embeddedRedis.stop();
            } catch (IOException e) {
                LOG.warning("embedded Redis did not stop: " + e.getMessage());
            }
            embeddedRedis = null;
        }
        if (embeddedPg != null) {
            try {
                embeddedPg.close();
            } catch (IOException e) {
                LOG.warning("embedded PostgreSQL did not stop: " + e.getMessage());
            }
            embeddedPg = null;
        }
    }

    private static boolean canLogin(String host, int port, String user, String password) {
        if (!Probe.tcpOpen(host, port)) {
            return false;
        }
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/postgres", user,
                password)) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    private static void ensureRoleAndDatabase(String host, int port, String adminUser, String adminPassword) {
        String url = "jdbc:postgresql://" + host + ":" + port + "/postgres";
        try (Connection c = DriverManager.getConnection(url, adminUser, adminPassword);
                Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT 1 FROM pg_roles WHERE rolname = '" + USER + "'")) {
                if (!rs.next()) {
                    st.execute("CREATE ROLE " + USER + " LOGIN PASSWORD '" + PASSWORD + "'");
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
                if (!rs.next()) {
                    st.execute("CREATE DATABASE " + DATABASE + " OWNER " + USER);
                }
            }
        } catch (SQLException e) {
            // Two JVMs racing on CREATE is fine: the loser sees duplicate_object / duplicate_database.
            if (!"42710".equals(e.getSQLState()) && !"42P04".equals(e.getSQLState())) {
                throw new IllegalStateException("cannot prepare PostgreSQL role and database: " + e.getMessage(), e);
            }
        }
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
