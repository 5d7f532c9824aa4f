package dev.roomcast.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Used by {@code bin/roomcast up}: ensures PostgreSQL and Redis, writes their addresses as an env file
 * the launcher sources, then stays up (holding any embedded servers) until it is stopped.
 */
public final class DevStackMain {

    private DevStackMain() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Path dataDir = Path.of(args.length > 0 ? args[0] : ".roomcast/data");
        Path envFile = Path.of(args.length > 1 ? args[1] : ".roomcast/servers.env");
        Endpoints e = LocalServers.shared(dataDir).endpoints();
        String env = "ROOMCAST_PG_HOST=" + e.pgHost() + "\n"
                + "ROOMCAST_PG_PORT=" + e.pgPort() + "\n"
                + "ROOMCAST_REDIS_HOST=" + e.redisHost() + "\n"
                + "ROOMCAST_REDIS_PORT=" + e.redisPort() + "\n"
                + "ROOMCAST_PG_EMBEDDED=" + e.embeddedPostgres() + "\n"
                + "ROOMCAST_REDIS_EMBEDDED=" + e.embeddedRedis() + "\n";
        Files.createDirectories(envFile.toAbsolutePath().getParent());
        Files.writeString(envFile, env);
        System.out.print(env);
        System.out.flush();
        Thread.currentThread().join();
    }
}
