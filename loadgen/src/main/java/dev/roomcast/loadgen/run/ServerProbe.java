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
    record Reading(Map<String, Double> drops, Map<String, Long> cpuMillis, Map<String, Long> rssKib, List<String> unreachable) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<String> metricsUrls;
    private final Map<String, String> processPatterns;

    ServerProbe(List<String> metricsUrls, Map<String, String> processPatterns) {
        this.metricsUrls = metricsUrls;
        this.processPatterns = processPatterns;
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
        Map<String, Long> cpu = new LinkedHashMap<>();
        Map<String, Long> rss = new LinkedHashMap<>();
        processPatterns.forEach((name, pattern) -> {
            long ms = 0;
            long kib = 0;
            for (long pid : ProcStat.pgrep(pattern)) {
                ms += ProcStat.cpuMillis(pid).orElse(0);
                kib += ProcStat.rssKib(pid);
            }
            cpu.put(name, ms);
            rss.put(name, kib);
        });
        return new Reading(drops, cpu, rss, unreachable);
    }
}
