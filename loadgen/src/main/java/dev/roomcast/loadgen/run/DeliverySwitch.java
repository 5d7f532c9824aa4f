package dev.roomcast.loadgen.run;

import dev.roomcast.common.auth.Scopes;
import dev.roomcast.common.auth.TokenIssuer;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The push -> poll -> push benchmark (issue 19): during the measurement window the room is set to poll
 * at {@code pollAtSeconds} and back to push at {@code pushAtSeconds} through room-service's operator API
 * (an {@code admin} credential minted from the service secret). Every 250 ms it scrapes the services'
 * metrics: viewers polling (sum of the connectors' {@code roomcast_connector_polling_viewers}) give the
 * time for the whole room to switch each way; the mailbox's poll-request count (its poll histogram) gives poll requests/s (mean and
 * peak per second) and its load factor; the mailbox's poll-duration histogram gives poll p50/p99 while the
 * whole room polls (from the bucket counts at the two ends of that phase). CPU of every service is read per
 * phase: push before the switch, the switch, the room polling, the switch back. Delivery by msgId is audited
 * by the viewers (see ViewerListener: {@code appDuplicates}, {@code persistedSeen}) and by {@link MsgIdAudit}.
 */
final class DeliverySwitch implements Runnable {

    /** What the run measured; printed and written into the JSON report. */
    record Result(Map<String, Object> figures) {
    }

    private static final Pattern SAMPLE = Pattern.compile("(?m)^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*})? ([0-9.eE+-]+)$");
    private static final String POLL_BUCKET = "mailbox_poll_duration_seconds_bucket";
    private static final Pattern LE = Pattern.compile("le=\"([^\"]+)\"");

    private final String roomUrl;
    private final String roomId;
    private final String operatorToken;
    private final List<String> metricsUrls;
    private final int viewers;
    private final int pollAtSeconds;
    private final int pushAtSeconds;
    private final PrintStream out;
    private final ServerProbe probe;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final Map<String, Object> figures = new LinkedHashMap<>();
    private volatile boolean stop;

    DeliverySwitch(String roomUrl, String roomId, String serviceSecret, List<String> metricsUrls, int viewers,
                   int pollAtSeconds, int pushAtSeconds, ServerProbe probe, PrintStream out) {
        this.roomUrl = roomUrl;
        this.roomId = roomId;
        this.operatorToken = TokenIssuer.services(serviceSecret).service("loadgen-operator", Duration.ofHours(2),
                List.of(Scopes.ADMIN));
        this.metricsUrls = metricsUrls;
        this.viewers = viewers;
        this.pollAtSeconds = pollAtSeconds;
        this.pushAtSeconds = pushAtSeconds;
        this.out = out;
        this.probe = probe;
    }

    void stop() {
        stop = true;
    }

    Result result() {
        return new Result(figures);
    }

    @Override
    public void run() {
        long start = System.currentTimeMillis();
        long pollAt = start + pollAtSeconds * 1000L;
        long pushAt = start + pushAtSeconds * 1000L;
        boolean pollSent = false;
        boolean pushSent = false;
        long allPollingAt = -1;
        long allPushAt = -1;
        double lastPolls = -1;
        long lastAt = 0;
        List<Double> pollRates = new ArrayList<>();
        double maxFactor = 1.0;
        Phases phases = new Phases(probe);
        phases.begin("push", start);
        Map<Double, Double> bucketsAllPolling = null;
        while (!stop) {
            long now = System.currentTimeMillis();
            if (!pollSent && now >= pollAt) {
                phases.begin("switchToPoll", now);
                figures.put("pollPut", put("poll"));
                pollSent = true;
            }
            if (!pushSent && now >= pushAt) {
                if (bucketsAllPolling != null) {
                    figures.put("mailboxPollDurationWhilePolling", PollDurations.between(bucketsAllPolling, scrapeBuckets()));
                }
                phases.begin("switchToPush", now);
                figures.put("pushPut", put("push"));
                pushSent = true;
            }
            Map<String, Double> m = scrape();
            double polling = m.getOrDefault("roomcast_connector_polling_viewers", 0.0);
            if (pollSent && !pushSent && allPollingAt < 0 && polling >= viewers) {
                allPollingAt = now;
                figures.put("secondsToSwitchToPoll", (now - pollAt) / 1000.0);
                phases.begin("polling", now);
                bucketsAllPolling = scrapeBuckets();
            }
            if (pushSent && allPushAt < 0 && polling == 0) {
                allPushAt = now;
                figures.put("secondsToSwitchToPush", (now - pushAt) / 1000.0);
                phases.begin("pushAgain", now);
            }
            // Poll requests, shared answers included (mailbox_poll_total counts the computed ones only).
            double polls = m.getOrDefault("mailbox_poll_duration_seconds_count", 0.0);
            if (lastPolls >= 0 && now > lastAt && pollSent && (!pushSent || allPushAt < 0)) {
                pollRates.add((polls - lastPolls) * 1000.0 / (now - lastAt));
            }
            maxFactor = Math.max(maxFactor, m.getOrDefault("mailbox_poll_load_factor", 1.0));
            lastPolls = polls;
            lastAt = now;
            figures.put("pollingViewersMax", Math.max(polling,
                    ((Number) figures.getOrDefault("pollingViewersMax", 0.0)).doubleValue()));
            Scenario.sleepQuietly(250);
        }
        figures.put("mailboxPollsPerSecondMean", pollRates.stream().mapToDouble(Double::doubleValue).average().orElse(0));
        figures.put("mailboxPollsPerSecondPeak", pollRates.stream().mapToDouble(Double::doubleValue).max().orElse(0));
        figures.put("mailboxPollLoadFactorMax", maxFactor);
        phases.end(System.currentTimeMillis());
        figures.put("cpuCoresByPhase", phases.coresByPhase());
        if (allPollingAt < 0) {
            figures.put("secondsToSwitchToPoll", "not all viewers polled");
        }
        if (pushSent && allPushAt < 0) {
            figures.put("secondsToSwitchToPush", "not all viewers back on push");
        }
        out.println("delivery switch: " + figures);
    }

    private String put(String mode) {
        String body = "{\"mode\":\"" + mode + "\",\"reason\":\"loadgen switch benchmark\"}";
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(roomUrl + "/v1/rooms/" + roomId + "/delivery"))
                    .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + operatorToken)
                    .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            out.printf("PUT delivery %s -> %d %s%n", mode, r.statusCode(), r.body());
            return r.statusCode() + " " + r.body();
        } catch (Exception e) {
            out.printf("PUT delivery %s failed: %s%n", mode, e);
            return "failed: " + e;
        }
    }

    /** The poll-duration histogram's cumulative bucket counts (upper bound in seconds -> count), summed over endpoints. */
    private Map<Double, Double> scrapeBuckets() {
        Map<Double, Double> buckets = new java.util.TreeMap<>();
        for (String body : scrapeBodies()) {
            Matcher s = SAMPLE.matcher(body);
            while (s.find()) {
                if (!s.group(1).equals(POLL_BUCKET) || s.group(2) == null) {
                    continue;
                }
                Matcher le = LE.matcher(s.group(2));
                if (le.find()) {
                    double bound = le.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le.group(1));
                    buckets.merge(bound, Double.parseDouble(s.group(3)), Double::sum);
                }
            }
        }
        return buckets;
    }

    private List<String> scrapeBodies() {
        List<String> bodies = new ArrayList<>();
        for (String url : metricsUrls) {
            try {
                bodies.add(http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).GET().build(),
                        HttpResponse.BodyHandlers.ofString()).body());
            } catch (Exception e) {
                // a service not up or not scraped: its figures are missing from this reading
            }
        }
        return bodies;
    }

    /** Sums of every sample per metric name over all endpoints (labels ignored). */
    private Map<String, Double> scrape() {
        Map<String, Double> sums = new LinkedHashMap<>();
        for (String body : scrapeBodies()) {
            Matcher s = SAMPLE.matcher(body);
            while (s.find()) {
                sums.merge(s.group(1), Double.parseDouble(s.group(3)), Double::sum);
            }
        }
        return sums;
    }
}
