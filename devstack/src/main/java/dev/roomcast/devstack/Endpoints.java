package dev.roomcast.devstack;

/** Where the PostgreSQL and Redis a Roomcast process should use answer. */
public record Endpoints(String pgHost, int pgPort, String pgDatabase, String pgUser, String pgPassword,
        String redisHost, int redisPort, boolean embeddedPostgres, boolean embeddedRedis) {

    public String reactivePgUrl() {
        return "postgresql://" + pgHost + ":" + pgPort + "/" + pgDatabase;
    }

    public String jdbcPgUrl() {
        return "jdbc:postgresql://" + pgHost + ":" + pgPort + "/" + pgDatabase;
    }

    public String redisUrl(int database) {
        return "redis://" + redisHost + ":" + redisPort + "/" + database;
    }
}
