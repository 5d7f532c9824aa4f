package dev.roomcast.loadgen.cli;

import java.io.File;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options of a measured run (not passed to workers). */
public final class RunOptions {

    @Option(names = "--seconds", defaultValue = "60", description = "length of the measurement window")
    int seconds;

    @Option(names = "--warmup", defaultValue = "5", description = "seconds between the end of the ramp and the window")
    int warmup;

    @Option(names = "--json", description = "write the report as JSON to this file")
    File json;

    @Option(names = "--mix", defaultValue = "realistic",
            description = "chat mix: realistic (Chinese danmaku, what the bundled dictionary was trained for) or alt "
                    + "(English/Spanish/Japanese/Korean with JSON bodies of another shape)")
    String mix;

    dev.roomcast.loadgen.traffic.ChatMixKind chatMix() {
        try {
            return dev.roomcast.loadgen.traffic.ChatMixKind.valueOf(mix.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--mix must be realistic or alt, not " + mix);
        }
    }

    @Option(names = "--per-process", defaultValue = "12000",
            description = "viewers per JVM; above it viewers go to worker processes (open files are capped at 20,000 per process)")
    int perProcess;

    @Option(names = "--worker-heap", defaultValue = "1g", description = "-Xmx of each worker process")
    String workerHeap;

    @Option(names = "--metrics", split = ",",
            defaultValue = "http://127.0.0.1:8081/q/metrics,http://127.0.0.1:8082/q/metrics,http://127.0.0.1:8083/q/metrics,http://127.0.0.1:8084/q/metrics",
            description = "Prometheus endpoints scraped for drop counters")
    List<String> metrics;

    @Option(names = "--service-process", split = ",",
            defaultValue = "connector=connector/target/quarkus-app,room-service=room-service/target/quarkus-app,"
                    + "mailbox-service=mailbox-service/target/quarkus-app,gift-service=gift-service/target/quarkus-app",
            description = "name=pgrep -f pattern of each service process, for CPU and memory")
    List<String> serviceProcesses;

    @Option(names = "--pid-dir", description = "the launcher's pid files (<name>.pid), e.g. .roomcast/pids; "
            + "default: .roomcast/pids of the current directory or the repository, else pgrep patterns")
    java.nio.file.Path pidDir;

    java.nio.file.Path pidDir() {
        if (pidDir != null) {
            return pidDir;
        }
        for (String candidate : new String[] {".roomcast/pids", "../.roomcast/pids"}) {
            java.nio.file.Path p = java.nio.file.Path.of(candidate);
            if (java.nio.file.Files.isDirectory(p)) {
                return p;
            }
        }
        return null;
    }

    Map<String, String> processPatterns() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String entry : serviceProcesses) {
            int eq = entry.indexOf('=');
            out.put(entry.substring(0, eq), entry.substring(eq + 1));
        }
        return out;
    }
}
