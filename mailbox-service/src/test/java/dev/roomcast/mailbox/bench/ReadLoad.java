package dev.roomcast.mailbox.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import org.HdrHistogram.Recorder;

/**
 * Closed-loop HTTP load with the Vert.x client (keep-alive, one event loop): {@code concurrency} requests
 * outstanding; each response triggers the next request. Records latency per request (HdrHistogram).
 */
final class ReadLoad {

    private ReadLoad() {
    }

    /**
     * @param paths       path of the i-th request
     * @param maxRequests stop after this many (cold cache: each room once), or 0 for time-bound
     */
    static Map<String, Object> run(ServiceProcess service, int concurrency, IntFunction<String> paths, Duration warmup,
            Duration measure, int maxRequests) throws Exception {
        int port = ServiceProcess.PORT;
        String loadBefore = ServiceProcess.loadAverage();
        long cpuBefore = service.cpuMillis();
        Vertx vertx = Vertx.vertx();
        HttpClient http = vertx.createHttpClient(new HttpClientOptions().setDefaultPort(port).setDefaultHost("localhost")
                .setKeepAlive(true), new PoolOptions().setHttp1MaxSize(concurrency));
        Recorder latency = new Recorder(3);
        AtomicLong done = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicLong issued = new AtomicLong();
        long measureFrom = System.nanoTime() + warmup.toNanos();
        long end = measureFrom + measure.toNanos();
        long[] doneAtStart = {-1};
        Promise<Void> finished = Promise.promise();
        AtomicLong live = new AtomicLong(concurrency);
        long[] atMeasure = {cpuBefore, 0};
        vertx.setTimer(Math.max(1, warmup.toMillis()), id -> {
            atMeasure[0] = service.cpuMillis();
            atMeasure[1] = done.get();
        });
        for (int w = 0; w < concurrency; w++) {
            loop(http, paths, latency, done, errors, issued, measureFrom, end, doneAtStart, maxRequests, live, finished);
        }
        finished.future().toCompletionStage().toCompletableFuture().get(maxRequests > 0 ? 600 : 
                warmup.plus(measure).toSeconds() + 60, TimeUnit.SECONDS);
        long elapsedNanos = Math.min(System.nanoTime(), end) - measureFrom;
        long cpuUsed = service.cpuMillis() - atMeasure[0];
        org.HdrHistogram.Histogram h = latency.getIntervalHistogram();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        Map<String, Object> out = new LinkedHashMap<>();
        double seconds = elapsedNanos / 1e9;
        out.put("concurrency", concurrency);
        out.put("requests", h.getTotalCount());
        out.put("measuredSeconds", Math.round(seconds * 100) / 100.0);
        out.put("requestsPerSecond", Math.round(h.getTotalCount() / seconds));
        out.put("p50Ms", h.getValueAtPercentile(50) / 1000.0);
        out.put("p99Ms", h.getValueAtPercentile(99) / 1000.0);
        out.put("p999Ms", h.getValueAtPercentile(99.9) / 1000.0);
        out.put("errors", errors.get());
        // The cores are shared with other builds: CPU per request is the figure that does not depend on them.
        double cpuPerRequest = cpuUsed / (double) Math.max(1, done.get() - atMeasure[1]);
        out.put("serviceCpuMsPerRequest", Math.round(cpuPerRequest * 1000) / 1000.0);
        out.put("serviceOnlyCeilingPer2CoresRps", Math.round(2000 / Math.max(0.001, cpuPerRequest)));
        out.put("loadAverageBefore", loadBefore);
        out.put("loadAverageAfter", ServiceProcess.loadAverage());
        return out;
    }

    private static void loop(HttpClient http, IntFunction<String> paths, Recorder latency, AtomicLong done,
            AtomicLong errors, AtomicLong issued, long measureFrom, long end, long[] doneAtStart, int maxRequests,
            AtomicLong live, Promise<Void> finished) {
        long now = System.nanoTime();
        long n = issued.getAndIncrement();
        if (now >= end || (maxRequests > 0 && n >= maxRequests)) {
            if (live.decrementAndGet() == 0) {
                finished.tryComplete();
            }
            return;
        }
        long start = System.nanoTime();
        Future<Buffer> response = http.request(HttpMethod.GET, paths.apply((int) n))
                .compose(req -> req.send().compose(resp -> resp.statusCode() == 200 ? resp.body()
                        : Future.failedFuture("HTTP " + resp.statusCode())));
        response.onComplete(ar -> {
            long t = System.nanoTime();
            if (ar.failed()) {
                errors.incrementAndGet();
            } else if (start >= measureFrom || maxRequests > 0) {
                latency.recordValue((t - start) / 1000);
            }
            done.incrementAndGet();
            loop(http, paths, latency, done, errors, issued, measureFrom, end, doneAtStart, maxRequests, live, finished);
        });
    }

    static int random(int bound) {
        return ThreadLocalRandom.current().nextInt(bound);
    }
}
