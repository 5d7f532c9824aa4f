package dev.roomcast.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roomcast.e2e.harness.Cluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each packaged service in its {@code prod} profile (how {@code java -jar} runs it) refuses to start
 * with the development secret or a short one, naming the property, and likewise for the service-credential
 * secret (its development default, or one shared with user tokens); with secrets of its own it starts.
 * Backends point at closed ports (and migrations are off): the services connect lazily, so nothing
 * but the secret decides whether start-up completes.
 */
class ProductionSecretsIT {

    private static final int HTTP_PORT = Cluster.PORT_BASE + 500;
    private static final String DEVELOPMENT_SECRET = "roomcast-dev-secret-change-me-0123456789abcdef";
    private static final Duration START_LIMIT = Duration.ofSeconds(90);

    @ParameterizedTest(name = "{0}")
    @CsvSource({"connector,connector", "room-service,room", "mailbox-service,mailbox", "gift-service,gift"})
    void prodProfileRefusesDevelopmentShortAndSharedSecretsButStartsWithItsOwn(String module, String service)
            throws Exception {
        String property = "roomcast." + service + ".token-secrets";

        Run withDefault = run(module, Map.of());
        assertThat(withDefault.exitCode).as("exit code with the default secret; log:\n%s", withDefault.log).isNotZero();
        assertThat(withDefault.log).contains(property).contains("development secret");

        Run withDevelopmentSecret = run(module, Map.of(property, DEVELOPMENT_SECRET));
        assertThat(withDevelopmentSecret.exitCode).isNotZero();
        assertThat(withDevelopmentSecret.log).contains(property).contains("development secret");

        Run withShortSecret = run(module, Map.of(property, "too-short-0123456789"));
        assertThat(withShortSecret.exitCode).as("log:\n%s", withShortSecret.log).isNotZero();
        assertThat(withShortSecret.log).contains(property).contains("20 bytes");

        String own = "a-deployment-secret-of-its-own-0123456789abcdef";
        String serviceProperty = "roomcast." + service + ".service-token-secrets";
        Run withDevelopmentServiceSecret = run(module, Map.of(property, own));
        assertThat(withDevelopmentServiceSecret.exitCode).as("log:\n%s", withDevelopmentServiceSecret.log).isNotZero();
        assertThat(withDevelopmentServiceSecret.log).contains(serviceProperty).contains("development secret");

        Run withSharedSecret = run(module, Map.of(property, own, serviceProperty, own));
        assertThat(withSharedSecret.exitCode).as("log:\n%s", withSharedSecret.log).isNotZero();
        assertThat(withSharedSecret.log).contains(serviceProperty).contains("shares a secret");

        Run withOwnSecret = run(module, Map.of(property, own,
                serviceProperty, "a-service-secret-of-its-own-0123456789abcdef-01"));
        assertThat(withOwnSecret.exitCode).as("still running once started; log:\n%s", withOwnSecret.log).isEqualTo(RUNNING);
        assertThat(withOwnSecret.log).doesNotContain(property).doesNotContain(serviceProperty);
    }

    private static final int RUNNING = Integer.MIN_VALUE;

    private record Run(int exitCode, String log) {
    }

    /** Starts the jar; returns its exit code, or {@link #RUNNING} once it logged that it started (then stops it). */
    private static Run run(String module, Map<String, String> extra) throws Exception {
        Path root = Path.of(System.getProperty("roomcast.root", ".."));
        Path jar = root.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        assertThat(jar).as("package the services first").exists();
        Path log = Files.createTempFile(Path.of("target"), "prod-secrets-" + module, ".log");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx192m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dquarkus.http.port=" + HTTP_PORT,
                "-Droomcast.connector.ws-port=" + (HTTP_PORT + 1),
                "-Droomcast.connector.tcp-port=" + (HTTP_PORT + 2),
                "-Dquarkus.redis.hosts=redis://127.0.0.1:1",
                "-Dquarkus.datasource.reactive.url=postgresql://127.0.0.1:1/none",
                "-Dquarkus.datasource.jdbc.url=jdbc:postgresql://127.0.0.1:1/none",
                "-Dquarkus.flyway.migrate-at-start=false",
                "-Dquarkus.grpc.clients.room.port=1", "-Dquarkus.grpc.clients.gift.port=1",
                "-Dquarkus.grpc.clients.mailbox.port=1"));
        extra.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.addAll(List.of("-jar", jar.toString()));
        Process process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            long deadline = System.nanoTime() + START_LIMIT.toNanos();
            while (System.nanoTime() < deadline) {
                if (process.waitFor(200, TimeUnit.MILLISECONDS)) {
                    return new Run(process.exitValue(), read(log));
                }
                if (read(log).contains(" started in ")) {
                    return new Run(RUNNING, read(log));
                }
            }
            throw new AssertionError(module + " neither started nor exited within " + START_LIMIT + "; log:\n" + read(log));
        } finally {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static String read(Path log) throws IOException {
        return Files.readString(log);
    }
}
