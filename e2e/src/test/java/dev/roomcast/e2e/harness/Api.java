package dev.roomcast.e2e.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roomcast.common.auth.Scopes;
import dev.roomcast.common.auth.TokenIssuer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The platform's side of the set, as a business backend and an operator use it: publish over REST
 * with a service credential, send paid gifts, read the dispatcher, online counts, gift cursors and
 * Prometheus metrics. Its one credential carries the business backend's and the payment backend's scopes
 * ({@code publish}, {@code gift.send}); viewers' and anchors' tokens come from {@link #tokens()}.
 */
public final class Api {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final String roomUrl;
    private final String mailboxUrl;
    private final String giftUrl;
    private final TokenIssuer tokens;
    private final TokenIssuer services;
    private final String serviceToken;

    public Api(String roomUrl, String mailboxUrl, String giftUrl, String secret, String serviceSecret) {
        this.roomUrl = roomUrl;
        this.mailboxUrl = mailboxUrl;
        this.giftUrl = giftUrl;
        this.tokens = TokenIssuer.users(secret);
        this.services = TokenIssuer.services(serviceSecret);
        this.serviceToken = services.service("e2e-backend", Duration.ofHours(2), List.of(Scopes.PUBLISH, Scopes.GIFT_SEND));
    }

    /** Viewer and anchor tokens (the user key). */
    public TokenIssuer tokens() {
        return tokens;
    }

    /** Service credentials (the service key), for tests that play another caller. */
    public TokenIssuer services() {
        return services;
    }

    public String mailboxUrl() {
        return mailboxUrl;
    }

    public String giftUrl() {
        return giftUrl;
    }

    /** What a publish answered, and when the answer arrived (epoch millis, same clock as the servers). */
    public record Published(long msgId, int priority, boolean persisted, long answeredAtMs) {
    }

    public Published chat(String roomUrlBase, String roomId, String userId, int level, String text) {
        return publish(roomUrlBase, roomId, chatBody(userId, level, text));
    }

    public Published chat(String roomId, String userId, int level, String text) {
        return chat(roomUrl, roomId, userId, level, text);
    }

    public CompletableFuture<Published> chatAsync(String roomId, String userId, int level, String text) {
        return send(post(roomUrl + "/v1/rooms/" + roomId + "/messages", chatBody(userId, level, text)))
                .thenApply(Api::published);
    }

    public Published publish(String roomUrlBase, String roomId, ObjectNode body) {
        return published(join(send(post(roomUrlBase + "/v1/rooms/" + roomId + "/messages", body))));
    }

    /** A publish's whole JSON reply ({@code msgId, persisted, queued, duplicate, appendError, createdAtMs, ...}). */
    public JsonNode publishReply(String roomUrlBase, String roomId, ObjectNode body) {
        return join(send(post(roomUrlBase + "/v1/rooms/" + roomId + "/messages", body)));
    }

    public CompletableFuture<JsonNode> publishReplyAsync(String roomUrlBase, String roomId, ObjectNode body) {
        return send(post(roomUrlBase + "/v1/rooms/" + roomId + "/messages", body));
    }

    /** {@code POST /v1/broadcast} (BROADCAST or SYSTEM to everyone) at one room-service; the JSON reply. */
    public CompletableFuture<JsonNode> broadcastAsync(String roomUrlBase, ObjectNode body) {
        return send(post(roomUrlBase + "/v1/broadcast", body));
    }

    /** Every msgId of a mailbox's timeline in PostgreSQL, oldest first, through the range API (paged by nextCursor). */
    public List<Long> timelineMsgIds(String mboxId) {
        List<Long> ids = new ArrayList<>();
        long cursor = 0;
        while (true) {
            JsonNode page = join(send(get(mailboxUrl + "/v1/mailboxes/" + mboxId + "/messages?after=" + cursor
                    + "&limit=200")));
            page.path("messages").forEach(m -> ids.add(m.path("msgId").asLong()));
            if (!page.path("hasMore").asBoolean() || page.path("messages").isEmpty()) {
                return ids;
            }
            cursor = page.path("nextCursor").asLong();
        }
    }

    /** The newest page of a mailbox ({@code before=0}): msgIds, newest last or first as the mailbox pages them. */
    public List<Long> newestMsgIds(String mboxId, int limit) {
        JsonNode page = join(send(get(mailboxUrl + "/v1/mailboxes/" + mboxId + "/messages?before=0&limit=" + limit)));
        List<Long> ids = new ArrayList<>();
        page.path("messages").forEach(m -> ids.add(m.path("msgId").asLong()));
        return ids;
    }

    /** msgIds a polling client gets from {@code cursor} with {@code limit}. */
    public List<Long> polledMsgIds(String roomId, long cursor, int limit) {
        JsonNode page = join(send(get(mailboxUrl + "/v1/rooms/" + roomId + "/poll?cursor=" + cursor + "&limit=" + limit)));
        List<Long> ids = new ArrayList<>();
        page.path("messages").forEach(m -> ids.add(m.path("msgId").asLong()));
        return ids;
    }

    public static ObjectNode chatBody(String userId, int level, String text) {
        ObjectNode body = JSON.createObjectNode().put("type", "CHAT").put("body", text);
        body.putObject("sender").put("userId", userId).put("level", level);
        return body;
    }

    public static ObjectNode body(String type, String text) {
        return JSON.createObjectNode().put("type", type).put("body", text);
    }

    /** A paid gift recorded by the payment backend; returns its per-room sequence. */
    public CompletableFuture<Long> sendGift(String orderId, String roomId, String fromUser, int count, long unitValue) {
        ObjectNode body = JSON.createObjectNode().put("orderId", orderId).put("roomId", roomId).put("fromUser", fromUser)
                .put("fromNickname", "fan-" + fromUser).put("giftId", "rocket").put("giftName", "Rocket")
                .put("count", count).put("unitValue", unitValue);
        return send(post(giftUrl + "/v1/gifts", body)).thenApply(json -> json.path("gift").path("seq").asLong());
    }

    /** The anchor's acknowledged gift cursor as gift-service stores it. */
    public long giftAckedSeq(String roomId) {
        return join(send(get(giftUrl + "/v1/rooms/" + roomId + "/gifts?afterSeq=0&limit=1"))).path("ackedSeq").asLong();
    }

    public long onlineCount(String roomId) {
        return join(send(get(roomUrl + "/v1/rooms/" + roomId + "/online"))).path("onlineCount").asLong();
    }

    /** msgIds of the room's recent history as the mailbox serves it to an entering viewer. */
    public List<Long> recentMsgIds(String roomId, int limit) {
        JsonNode page = join(send(get(mailboxUrl + "/v1/rooms/" + roomId + "/messages/recent?limit=" + limit)));
        List<Long> ids = new ArrayList<>();
        page.path("messages").forEach(m -> ids.add(m.path("msgId").asLong()));
        return ids;
    }

    public List<String> dispatchedConnectors() {
        JsonNode d = join(send(get(roomUrl + "/v1/dispatch")));
        List<String> ids = new ArrayList<>();
        d.path("connectors").forEach(c -> ids.add(c.path("connectorId").asText()));
        return ids;
    }

    public void awaitConnectors(List<String> ids, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> seen = List.of();
        while (System.nanoTime() < deadline) {
            try {
                seen = dispatchedConnectors();
                if (Set.copyOf(seen).containsAll(ids)) {
                    return;
                }
            } catch (RuntimeException e) {
                // room-service still starting
            }
            ServiceProcess.sleep(200);
        }
        throw new IllegalStateException("dispatcher lists " + seen + ", expected " + ids + " within " + timeout);
    }

    /** Sum of a Prometheus metric's samples (all label sets) whose labels contain {@code labelFilter}. */
    public double metric(ServiceProcess service, String name, String labelFilter) {
        String text = metricsText(service);
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*})? ([0-9.eE+-]+)$").matcher(text);
        double sum = 0;
        while (m.find()) {
            String labels = m.group(1) == null ? "" : m.group(1);
            if (labelFilter == null || labels.contains(labelFilter)) {
                sum += Double.parseDouble(m.group(2));
            }
        }
        return sum;
    }

    /** Cumulative histogram buckets of a metric: upper bound (seconds) -> count, +Inf excluded. */
    public java.util.TreeMap<Double, Double> histogram(ServiceProcess service, String name) {
        java.util.TreeMap<Double, Double> buckets = new java.util.TreeMap<>();
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "_bucket\\{le=\"([0-9.eE+-]+)\"} ([0-9.eE+-]+)$")
                .matcher(metricsText(service));
        while (m.find()) {
            buckets.put(Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)));
        }
        return buckets;
    }

    /** The service's Prometheus exposition. */
    public String metricsText(ServiceProcess service) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(service.baseUrl() + "/q/metrics"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new IllegalStateException("metrics of " + service.name() + " unreadable", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpRequest post(String url, JsonNode body) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + serviceToken).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
    }

    private HttpRequest get(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + serviceToken).GET().build();
    }

    private CompletableFuture<JsonNode> send(HttpRequest request) {
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(r -> {
            if (r.statusCode() >= 300) {
                throw new ApiCallException(r.statusCode(), request.method() + " " + request.uri() + " -> " + r.statusCode() + " " + r.body());
            }
            try {
                return JSON.readTree(r.body());
            } catch (IOException e) {
                throw new IllegalStateException("not JSON from " + request.uri() + ": " + r.body(), e);
            }
        });
    }

    private static Published published(JsonNode json) {
        return new Published(json.path("msgId").asLong(), json.path("priority").asInt(), json.path("persisted").asBoolean(),
                System.currentTimeMillis());
    }

    private static JsonNode join(CompletableFuture<JsonNode> f) {
        try {
            return f.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    /** A raw answer: status and body, for tests of refusals. */
    public record Answer(int status, JsonNode body) {
        public String code() {
            return body == null ? "" : body.path("code").asText();
        }
    }

    /** A token of an operator: a service credential with scope {@code admin}. */
    public String operatorToken() {
        return services.service("e2e-operator", Duration.ofHours(2), List.of(Scopes.ADMIN));
    }

    /** {@code PUT /v1/rooms/{roomId}/delivery} with the given token (null = none) and raw JSON body. */
    public Answer putDelivery(String roomId, String token, String jsonBody) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(roomUrl + "/v1/rooms/" + roomId + "/delivery"))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(jsonBody));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return raw(b.build());
    }

    /** {@code GET /v1/rooms/{roomId}/delivery} with the backend's credential. */
    public Answer getDelivery(String roomId) {
        return raw(get(roomUrl + "/v1/rooms/" + roomId + "/delivery"));
    }

    /** {@code POST /admin/pressure?ratio=} at a connector (null = back to the measured pressure). */
    public Answer simulatePressure(ServiceProcess connector, Double ratio) {
        String url = connector.baseUrl() + "/admin/pressure" + (ratio == null ? "" : "?ratio=" + ratio);
        return raw(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + operatorToken()).POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    private Answer raw(HttpRequest request) {
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode body = r.body() == null || r.body().isBlank() ? null : JSON.readTree(r.body());
            return new Answer(r.statusCode(), body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A REST call answered with an error status. */
    public static final class ApiCallException extends RuntimeException {
        public final int status;

        ApiCallException(int status, String message) {
            super(message);
            this.status = status;
        }
    }
}
