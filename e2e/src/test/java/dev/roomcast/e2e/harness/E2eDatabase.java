package dev.roomcast.e2e.harness;

import dev.roomcast.devstack.Endpoints;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The suite's own PostgreSQL database, {@value #NAME}, dropped and created afresh for each run.
 * The services' @QuarkusTest suites migrate the shared {@code roomcast} database while their
 * owners iterate on migrations; a database of its own keeps this suite's Flyway runs from
 * validating against (or altering) theirs, and every run starts from an empty timeline and ledger.
 */
public final class E2eDatabase {

    public static final String NAME = "roomcast_e2e";

    private E2eDatabase() {
    }

    /** Recreates the database (owned by the services' role) and returns endpoints pointing at it. */
    public static Endpoints recreate(Endpoints servers) {
        String admin = env("ROOMCAST_PG_ADMIN_USER", "postgres");
        String password = env("ROOMCAST_PG_ADMIN_PASSWORD", "");
        String url = "jdbc:postgresql://" + servers.pgHost() + ":" + servers.pgPort() + "/postgres";
        try (Connection c = DriverManager.getConnection(url, admin, password); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + NAME + " WITH (FORCE)");
            st.execute("CREATE DATABASE " + NAME + " OWNER " + servers.pgUser());
        } catch (SQLException e) {
            throw new IllegalStateException("cannot recreate database " + NAME + " as " + admin + ": " + e.getMessage(), e);
        }
        return new Endpoints(servers.pgHost(), servers.pgPort(), NAME, servers.pgUser(), servers.pgPassword(),
                servers.redisHost(), servers.redisPort(), servers.embeddedPostgres(), servers.embeddedRedis());
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
