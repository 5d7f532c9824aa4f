package dev.roomcast.loadgen.run;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/**
 * Are online counts exact? Sums room-service's online count over every room of the run
 * ({@code GET /v1/rooms/{id}/online}, a service token): while viewers are in, against the viewers the
 * load generator holds; after every viewer left, it must come back to exactly 0 (no ghost member).
 */
final class OnlineAudit {

    /** Sum of counts while viewers were in, and after they left (how long it took to reach 0). */
    record Result(long expectedWhileIn, long sumWhileIn, long sumAfterLeft, double secondsToZero) {
        /** No ghost left once every viewer is gone (while in, churn in flight makes the sum move). */
        boolean backToZero() {
            return sumAfterLeft == 0;
        }

        JsonObject toJson() {
            return new JsonObject().put("expectedWhileIn", expectedWhileIn).put("sumWhileIn", sumWhileIn)
                    .put("whileInMatches", sumWhileIn == expectedWhileIn)
                    .put("sumAfterAllLeft", sumAfterLeft).put("secondsToZero", secondsToZero).put("backToZero", backToZero());
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String roomUrl;
    private final String serviceToken;
    private final List<String> rooms;

    OnlineAudit(String roomUrl, String serviceToken, List<String> rooms) {
        this.roomUrl = roomUrl;
        this.serviceToken = serviceToken;
        this.rooms = rooms;
    }

    /** The sum of every room's online count (64 requests in flight at most); -1 if a room could not be read. */
    long sum() throws InterruptedException {
        Semaphore inFlight = new Semaphore(64);
        List<CompletableFuture<Long>> counts = new ArrayList<>(rooms.size());
        for (String room : rooms) {
            inFlight.acquire();
            HttpRequest request = HttpRequest.newBuilder(URI.create(roomUrl + "/v1/rooms/" + room + "/online"))
                    .header("Authorization", "Bearer " + serviceToken).timeout(Duration.ofSeconds(10)).GET().build();
            counts.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                    .thenApply(r -> r.statusCode() == 200 ? new JsonObject(r.body()).getLong("onlineCount", -1L) : -1L)
                    .exceptionally(e -> -1L)
                    .whenComplete((n, e) -> inFlight.release()));
        }
        long sum = 0;
        for (CompletableFuture<Long> c : counts) {
            long n = c.join();
            if (n < 0) {
                return -1;
            }
            sum += n;
        }
        return sum;
    }

    /** Polls the sum until it is 0 or the patience runs out. */
    long awaitZero(Duration patience, long[] tookMillis) throws InterruptedException {
        long start = System.currentTimeMillis();
        long sum = sum();
        while (sum != 0 && System.currentTimeMillis() - start < patience.toMillis()) {
            Thread.sleep(1000);
            sum = sum();
        }
        tookMillis[0] = System.currentTimeMillis() - start;
        return sum;
    }
}
