package dev.roomcast.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import dev.roomcast.e2e.harness.Cluster;
import dev.roomcast.e2e.harness.ClusterTest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The web SDK's live-room page in Debian's Chromium against this suite's real services: runs
 * {@code client-js}'s {@code npm run test:browser} (playwright-core driving /usr/bin/chromium) with the
 * cluster's addresses and secrets, and serves it one control call, {@code POST /kill?connector=ID}: that
 * connector is killed (SIGKILL) and started again, the forced disconnect the anchor test needs twice.
 *
 * <p>Skipped, with the reason printed, when Node.js 20+, Chromium or client-js's installed npm dependencies
 * are missing (a JDK-only machine still passes), and in the Redis Cluster run (the page does not touch Redis;
 * once is enough).
 */
class BrowserIT extends ClusterTest {

    private static final long RUN_TIMEOUT_SECONDS = 240;

    @Test
    void livePageInChromiumAgainstTheRealServices() throws Exception {
        Path clientJs = Path.of(System.getProperty("roomcast.root", "..")).resolve("client-js").toAbsolutePath().normalize();
        Optional<String> skip = skipReason(clientJs);
        skip.ifPresent(reason -> System.out.println("[roomcast] browser tests SKIPPED: " + reason));
        assumeTrue(skip.isEmpty(), skip.orElse(""));

        HttpServer control = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        control.createContext("/kill", exchange -> {
            String query = Optional.ofNullable(exchange.getRequestURI().getQuery()).orElse("");
            String id = query.startsWith("connector=") ? query.substring("connector=".length()) : "";
            int status = 200;
            String body;
            try {
                cluster.connector(id).kill();
                cluster.ensureAllRunning();
                body = "{\"restarted\":\"" + id + "\"}";
            } catch (RuntimeException e) {
                status = 400;
                body = "{\"code\":\"BAD_REQUEST\",\"message\":\"" + e.getMessage().replace('"', '\'') + "\"}";
            }
            byte[] out = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("content-type", "application/json");
            exchange.sendResponseHeaders(status, out.length);
            exchange.getResponseBody().write(out);
            exchange.close();
        });
        control.start();
        try {
            // Written to a file and then to this test's output: a forked test JVM's own stdout belongs to failsafe.
            Path log = clientJs.resolve("target/browser/test-browser.log");
            Files.createDirectories(log.getParent());
            ProcessBuilder npm = new ProcessBuilder("npm", "run", "--silent", "test:browser")
                    .directory(clientJs.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
            var env = npm.environment();
            env.put("ROOMCAST_BROWSER_ROOM_URL", cluster.dispatcherUrl());
            env.put("ROOMCAST_BROWSER_MAILBOX_URL", cluster.api.mailboxUrl());
            env.put("ROOMCAST_BROWSER_GIFT_URL", cluster.api.giftUrl());
            env.put("ROOMCAST_TOKEN_SECRET", Cluster.TOKEN_SECRET);
            env.put("ROOMCAST_SERVICE_TOKEN_SECRET", Cluster.SERVICE_TOKEN_SECRET);
            env.put("ROOMCAST_BROWSER_TICK_MS", String.valueOf(Cluster.TICK_MILLIS));
            env.put("ROOMCAST_BROWSER_CONTROL_URL", "http://127.0.0.1:" + control.getAddress().getPort());
            Process run = npm.start();
            boolean finished = run.waitFor(RUN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (!finished) {
                run.descendants().forEach(ProcessHandle::destroyForcibly);
                run.destroyForcibly();
            }
            System.out.println(Files.readString(log));
            assertThat(finished).as("npm run test:browser finished within " + RUN_TIMEOUT_SECONDS + " s").isTrue();
            assertThat(run.exitValue()).as("npm run test:browser exit code (its output is above and in " + log + ")").isZero();
        } finally {
            control.stop(0);
        }
    }

    private static Optional<String> skipReason(Path clientJs) throws IOException, InterruptedException {
        if ("cluster".equals(System.getProperty("roomcast.test.redis-mode"))) {
            return Optional.of("the Redis Cluster run (the page never touches Redis; the standalone run covers it)");
        }
        String chromium = Optional.ofNullable(System.getenv("ROOMCAST_CHROMIUM")).orElse("/usr/bin/chromium");
        if (!Files.isExecutable(Path.of(chromium))) {
            return Optional.of("no Chromium at " + chromium + " (apt-get install -y chromium; .ci/run does it as root)");
        }
        if (!Files.isDirectory(clientJs.resolve("node_modules/playwright-core"))) {
            return Optional.of("client-js's npm dependencies are not installed (no Node.js 20+, or npm ci could not run: see [client-js])");
        }
        try {
            Process node = new ProcessBuilder("node", "-p", "process.versions.node.split('.')[0]").redirectErrorStream(true).start();
            String major = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!node.waitFor(10, TimeUnit.SECONDS) || Integer.parseInt(major) < 20) {
                return Optional.of("Node.js " + major + " is older than 20");
            }
        } catch (IOException | NumberFormatException e) {
            return Optional.of("no usable node on the PATH (" + e.getMessage() + ")");
        }
        return Optional.empty();
    }
}
