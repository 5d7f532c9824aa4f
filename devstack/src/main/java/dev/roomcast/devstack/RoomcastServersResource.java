package dev.roomcast.devstack;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Quarkus test resource: points a service under test at the localhost PostgreSQL/Redis, or at embedded
 * ones where none answers. Init arg {@code redis-db} picks the Redis logical database so that the
 * services' test suites can run side by side without touching each other's keys.
 *
 * <p>In cluster mode ({@link RedisCluster#clusterMode()}, the {@code redis-cluster} test executions) Redis
 * is the Redis Cluster instead (one database only: tests there keep apart by their unique room ids), and
 * Quarkus also writes its log to the file {@link RedisClusterMode} scans for Redis errors.
 */
public class RoomcastServersResource implements QuarkusTestResourceLifecycleManager {

    private int redisDb;

    @Override
    public void init(Map<String, String> initArgs) {
        redisDb = Integer.parseInt(initArgs.getOrDefault("redis-db", "0"));
    }

    @Override
    public Map<String, String> start() {
        Path dataDir = Path.of(System.getProperty("java.io.tmpdir"), "roomcast-devstack");
        Endpoints e = LocalServers.shared(dataDir).endpoints();
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.datasource.reactive.url", e.reactivePgUrl());
        config.put("quarkus.datasource.jdbc.url", e.jdbcPgUrl());
        config.put("quarkus.datasource.username", e.pgUser());
        config.put("quarkus.datasource.password", e.pgPassword());
        if (RedisCluster.clusterMode()) {
            config.put("quarkus.redis.client-type", "cluster");
            config.put("quarkus.redis.hosts", RedisCluster.seeds());
            String logFile = System.getProperty(RedisClusterMode.LOG_FILE_PROPERTY);
            if (logFile != null) {
                config.put("quarkus.log.file.enabled", "true");
                config.put("quarkus.log.file.path", logFile);
            }
        } else {
            config.put("quarkus.redis.hosts", e.redisUrl(redisDb));
        }
        return config;
    }

    @Override
    public void stop() {
        // Shared across test classes of this JVM; LocalServers stops embedded servers at JVM exit.
    }
}
