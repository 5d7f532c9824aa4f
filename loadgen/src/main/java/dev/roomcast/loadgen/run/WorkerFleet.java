package dev.roomcast.loadgen.run;

import dev.roomcast.loadgen.measure.FleetStats;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Viewers in a child JVM (one process holds at most ~20,000 sockets here). The child is this same
 * program's {@code worker} command; it reports cumulative stats as JSON lines on stdout and stops
 * when its stdin closes.
 */
final class WorkerFleet implements FleetHandle {

    private final List<String> command;
    private final File log;
    private final CompletableFuture<Void> ramped = new CompletableFuture<>();
    private volatile FleetStats latest = new FleetStats();
    private volatile long started;
    private Process process;

    WorkerFleet(String heap, List<String> workerArgs, File log) {
        this.log = log;
        this.command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-Xmx" + heap, "-XX:+UseParallelGC",
                "-cp", System.getProperty("java.class.path"),
                "dev.roomcast.loadgen.cli.LoadgenMain", "worker"));
        this.command.addAll(workerArgs);
    }

    @Override
    public CompletableFuture<Void> start() {
        try {
            process = new ProcessBuilder(command).redirectError(log).start();
        } catch (IOException e) {
            ramped.completeExceptionally(e);
            return ramped;
        }
        Thread reader = new Thread(this::readReports, "worker-" + process.pid());
        reader.setDaemon(true);
        reader.start();
        return ramped;
    }

    private void readReports() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("STATS ")) {
                    JsonObject json = new JsonObject(line.substring(6));
                    started = json.getLong("started", 0L);
                    latest = FleetStats.fromJson(json.getJsonObject("stats"));
                    if (json.getBoolean("ramped", false)) {
                        ramped.complete(null);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            ramped.completeExceptionally(e);
        }
        ramped.completeExceptionally(new IllegalStateException("worker exited; see " + log));
    }

    @Override
    public FleetStats stats() {
        return latest;
    }

    @Override
    public long started() {
        return started;
    }

    @Override
    public void close() {
        if (process == null) {
            return;
        }
        try {
            process.getOutputStream().close();          // the worker's signal to stop
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroy();
            }
        } catch (IOException e) {
            process.destroy();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroy();
        }
    }
}
