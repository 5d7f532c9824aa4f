package dev.roomcast.connector.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The connector under test, observed from outside: /proc for CPU and RSS, jcmd + /q/metrics for heap. */
final class ConnectorProcess {

    private final long pid;
    private final int httpPort;
    private final HttpClient http = HttpClient.newHttpClient();

    ConnectorProcess(long pid, int httpPort) {
        this.pid = pid;
        this.httpPort = httpPort;
    }

    void awaitReady(Duration wait) throws Exception {
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (get("/q/health/ready").statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("connector not ready within " + wait);
    }

    /** {utime, stime} in clock ticks: user space (Java) and kernel (socket writes, loopback TCP). */
    long[] userSystemTicks() throws IOException {
        return ProcStat.userSystemTicks(pid);
    }

    long rssBytes() throws IOException {
        return ProcStat.rssBytes(pid);
    }

    /** Heap in use after a full GC in the connector (live objects only). */
    long heapAfterGc() throws Exception {
        new ProcessBuilder("jcmd", String.valueOf(pid), "GC.run").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        Thread.sleep(1000);
        long used = 0;
        for (String line : get("/q/metrics").body().split("\n")) {
            if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                used += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return used;
    }

    /** The named untagged meters of /q/metrics that the process has (Prometheus names). */
    java.util.Map<String, Double> counters(java.util.List<String> names) throws Exception {
        java.util.Map<String, Double> out = new java.util.LinkedHashMap<>();
        for (String line : get("/q/metrics").body().split("\n")) {
            int space = line.lastIndexOf(' ');
            if (space > 0 && names.contains(line.substring(0, space))) {
                out.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
            }
        }
        return out;
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
