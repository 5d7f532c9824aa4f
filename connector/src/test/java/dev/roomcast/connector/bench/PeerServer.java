package dev.roomcast.connector.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A server under test, started by the load process as its own process (its pid is what /proc measures). */
final class PeerServer {

    private final String name;
    private final Process process;

    private PeerServer(String name, Process process) {
        this.name = name;
        this.process = process;
    }

    static PeerServer start(String name, List<String> command, Map<String, String> env, Path log) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        return new PeerServer(name, builder.start());
    }

    long pid() {
        return process.pid();
    }

    /** Until the port accepts a TCP connection (servers without a readiness endpoint). */
    void awaitPort(int port, Duration wait) throws Exception {
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + " (see its log)");
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException(name + " not listening on " + port + " within " + wait);
    }

    /** SIGTERM, then SIGKILL after the grace period: the next target reuses the ports. */
    void stop(Duration grace) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
