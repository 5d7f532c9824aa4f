package dev.roomcast.mailbox.bench;

import dev.roomcast.devstack.Endpoints;
import dev.roomcast.devstack.LocalServers;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The packaged mailbox-service (target/quarkus-app) as a child process, for load runs. */
final class ServiceProcess implements AutoCloseable {

    static final int PORT = 18283;

    final Endpoints servers;
    private final Process process;

    private ServiceProcess(Endpoints servers, Process process) {
        this.servers = servers;
        this.process = process;
    }

    static final String SECRET = "roomcast-bench-secret-0123456789abcdef-0123456789";
    static final String SERVICE_SECRET = "roomcast-bench-service-secret-0123456789abcdef-01";

    /** @param props extra -Dkey=value settings of the service, e.g. to switch group commit off */
    static ServiceProcess start(String label, List<String> props) throws Exception {
        // exec:java runs in an isolated class loader: register the JDBC driver devstack probes PostgreSQL with.
        Class.forName("org.postgresql.Driver");
        Endpoints e = LocalServers.shared(target().resolve("roomcast-devstack")).endpoints();
        String pg = e.pgHost() + ":" + e.pgPort() + "/" + e.pgDatabase();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-Dquarkus.http.port=" + PORT,
                "-Dquarkus.datasource.reactive.url=postgresql://" + pg,
                "-Dquarkus.datasource.jdbc.url=jdbc:postgresql://" + pg,
                "-Dquarkus.datasource.username=" + e.pgUser(), "-Dquarkus.datasource.password=" + e.pgPassword(),
                "-Dquarkus.redis.hosts=" + e.redisUrl(2), "-Dquarkus.log.level=WARN",
                // the prod profile refuses the development secret
                "-Droomcast.mailbox.token-secrets=" + SECRET,
                "-Droomcast.mailbox.service-token-secrets=" + SERVICE_SECRET));
        cmd.addAll(props);
        cmd.addAll(List.of("-jar", target().resolve("quarkus-app").resolve("quarkus-run.jar").toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(target().resolve("bench-service-" + label + ".log").toFile()).start();
        ServiceProcess service = new ServiceProcess(e, p);
        service.awaitReady();
        return service;
    }

    /** CPU time the service process has used so far (user + system), in milliseconds. */
    long cpuMillis() {
        return process.toHandle().info().totalCpuDuration().map(java.time.Duration::toMillis).orElse(-1L);
    }

    /** The machine's load averages (1, 5, 15 min): how contended the cores were. */
    static String loadAverage() {
        try {
            return java.nio.file.Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** The module's build folder (exec:java runs with the reactor root as working directory). */
    static Path target() {
        return Path.of(System.getProperty("bench.basedir", "."), "target");
    }

    private void awaitReady() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("service exited; see target/bench-service-*.log");
            }
            try {
                HttpRequest r = HttpRequest.newBuilder(URI.create("http://localhost:" + PORT + "/q/health/ready")).build();
                if (http.send(r, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException ignored) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("service not ready in 180 s");
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
