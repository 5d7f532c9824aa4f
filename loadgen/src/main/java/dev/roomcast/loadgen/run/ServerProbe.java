package dev.roomcast.loadgen.run;

import dev.roomcast.loadgen.measure.ProcStat;
import dev.roomcast.loadgen.measure.PrometheusText;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the services themselves say: drop counters from /q/metrics and CPU time / RSS of their
 * processes from /proc. Runs on the scenario's own thread (blocking is fine here).
 */
final class ServerProbe {

    /** One reading of every service. */
    record Reading(Map<String, Double> drops, Map<String, Map<Long, Long>> cpuMillisByPid, Map<String, Long> rssKib,
                   List<String> unreachable) {

        /** CPU used between two readings, counting only processes alive in both (a restart is not negative CPU). */
        long cpuMillisSince(Reading before, String service) {
            Map<Long, Long> then = before.cpuMillisByPid().getOrDefault(service, Map.of());
            long sum = 0;
            for (Map.Entry<Long, Long> e : cpuMillisByPid.getOrDefault(service, Map.of()).entrySet()) {
                Long b = then.get(e.getKey());
                if (b != null) {
                    sum += Math.max(0, e.getValue() - b);
                }
            }
            return sum;
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<String> metricsUrls;
    private final Map<String, String> processPatterns;
    private final java.nio.file.Path pidDir;

    /** {@code pidDir}: the launcher's pid files (name.pid), preferred over pgrep patterns when present. */
    ServerProbe(List<String> metricsUrls, Map<String, String> processPatterns, java.nio.file.Path pidDir) {
        this.metricsUrls = metricsUrls;
        this.processPatterns = processPatterns;
        this.pidDir = pidDir;
    }

    private List<Long> pids(String name, String pattern) {
        if (pidDir != null) {
            java.nio.file.Path file = pidDir.resolve(name + ".pid");
            try {
                return List.of(Long.parseLong(java.nio.file.Files.readString(file).trim()));
            } catch (java.io.IOException | NumberFormatException e) {
                // fall back to the pattern
            }
        }
        return ProcStat.pgrep(pattern);
    }

    Reading read() {
        Map<String, Double> drops = new TreeMap<>();
        List<String> unreachable = new java.util.ArrayList<>();
        for (String url : metricsUrls) {
            try {
                HttpResponse<String> resp = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
                PrometheusText.dropsByReason(PrometheusText.parse(resp.body())).forEach((k, v) -> drops.merge(k, v, Double::sum));
            } catch (Exception e) {
                unreachable.add(url);
            }
        }
        Map<String, Map<Long, Long>> cpu = new LinkedHashMap<>();
        Map<String, Long> rss = new LinkedHashMap<>();
        processPatterns.forEach((name, pattern) -> {
            Map<Long, Long> byPid = new LinkedHashMap<>();
            long kib = 0;
            for (long pid : pids(name, pattern)) {
                var ms = ProcStat.cpuMillis(pid);
                if (ms.isPresent()) {
                    byPid.put(pid, ms.getAsLong());
                    kib += ProcStat.rssKib(pid);
                }
            }
            cpu.put(name, byPid);
            rss.put(name, kib);
        });
        return new Reading(drops, cpu, rss, unreachable);
    }
}
