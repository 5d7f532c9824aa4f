package dev.roomcast.loadgen.traffic;

import dev.roomcast.common.auth.TokenIssuer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Plays the platform's business backend: chat (after moderation), paid gifts, PK score updates
 * (full state, conflated by key), likes, over the services' REST APIs with a service token.
 */
public final class Publisher implements AutoCloseable {

    private final Vertx vertx = Vertx.vertx();
    private final HttpClient http;
    private final String roomUrl;
    private final String giftUrl;
    private final String serviceToken;
    private final List<String> rooms;
    private final PublishRates rates;
    private final SplittableRandom random = new SplittableRandom(23);
    private final ChatSource chat;
    private final GiftMix gifts = new GiftMix(new SplittableRandom(31));
    private final Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
    private final Map<String, long[]> pkScores = new ConcurrentHashMap<>();
    private long timer = -1;
    private volatile boolean closed;
    private volatile boolean stopped;
    private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
    // Gift order ids carry this run's id, so that the anchor's gifts of this run can be told from
    // gifts an earlier run left unacknowledged in the same room.
    private final String giftOrderPrefix = "lg-" + Long.toString(System.currentTimeMillis(), 36) + "-";
    private final java.util.concurrent.atomic.AtomicLong giftOrders = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.Set<String> confirmedGiftOrders = ConcurrentHashMap.newKeySet();

    /** @param serviceSecret signs the credential of the business backend (publish) and payment backend (gift.send) it plays */
    public Publisher(String roomUrl, String giftUrl, String serviceSecret, List<String> rooms, PublishRates rates) {
        this.roomUrl = roomUrl;
        this.giftUrl = giftUrl;
        this.rooms = rooms;
        this.rates = rates;
        this.chat = rates.chatMix().create(new SplittableRandom(29));
        this.serviceToken = TokenIssuer.services(serviceSecret).service("loadgen", Duration.ofHours(12),
                List.of(dev.roomcast.common.auth.Scopes.PUBLISH, dev.roomcast.common.auth.Scopes.GIFT_SEND));
        this.http = vertx.createHttpClient(new HttpClientOptions().setMaxPoolSize(64).setKeepAlive(true));
    }

    public void start() {
        long t0 = System.nanoTime();
        RatePacer chatPace = new RatePacer(rates.chat(), t0);
        RatePacer giftPace = new RatePacer(rates.gift(), t0);
        RatePacer pkPace = new RatePacer(rates.pk(), t0);
        RatePacer likePace = new RatePacer(rates.like(), t0);
        timer = vertx.setPeriodic(10, id -> {
            if (closed || stopped) {
                return;
            }
            long now = System.nanoTime();
            repeat(chatPace.due(now, 500), this::chat);
            repeat(giftPace.due(now, 100), this::gift);
            repeat(pkPace.due(now, 100), this::pk);
            repeat(likePace.due(now, 500), this::like);
        });
    }

    private static void repeat(int n, Runnable r) {
        for (int i = 0; i < n; i++) {
            r.run();
        }
    }

    private String room() {
        return rooms.get(random.nextInt(rooms.size()));
    }

    private void chat() {
        ChatMix.ChatLine line = chat.next();
        JsonObject body = new JsonObject().put("type", "CHAT").put("body", line.text())
                .put("sender", new JsonObject().put("userId", line.userId()).put("level", line.level())
                        .put("anonymous", line.anonymous()).put("nickname", line.nickname()));
        post("CHAT", roomUrl + "/v1/rooms/" + room() + "/messages", body, null, resp -> resp.body().onSuccess(b -> {
            if (recordChats) {
                long msgId = b.toJsonObject().getLong("msgId", 0L);
                if (msgId > 0) {
                    chatMsgIds.add(msgId);
                }
            }
        }));
    }

    private volatile boolean recordChats;
    private final java.util.Set<Long> chatMsgIds = ConcurrentHashMap.newKeySet();

    /** From now on (true) the msgIds of accepted chats are kept, for the delivery audit. */
    public void recordChats(boolean on) {
        recordChats = on;
    }

    public java.util.Set<Long> recordedChatMsgIds() {
        return java.util.Set.copyOf(chatMsgIds);
    }

    private void gift() {
        GiftMix.GiftOrder order = gifts.next();
        String orderId = giftOrderPrefix + giftOrders.incrementAndGet();
        JsonObject body = new JsonObject().put("orderId", orderId).put("roomId", room())
                .put("fromUser", order.fromUser()).put("fromNickname", order.nickname())
                .put("giftId", order.giftId()).put("giftName", order.giftName())
                .put("count", order.count()).put("unitValue", order.unitValue());
        post("GIFT", giftUrl + "/v1/gifts", body, () -> confirmedGiftOrders.add(orderId));
    }

    /** PK bars carry the full score (never a delta), so conflation may drop any older update. */
    private void pk() {
        String room = room();
        long[] score = pkScores.computeIfAbsent(room, r -> new long[2]);
        score[random.nextInt(2)] += 1 + random.nextInt(500);
        JsonObject state = new JsonObject().put("pkId", "pk-" + room).put("red", score[0]).put("blue", score[1]);
        post("PK", roomUrl + "/v1/rooms/" + room + "/messages", new JsonObject().put("type", "PK")
                .put("conflateKey", "pk:pk-" + room).put("body", state.encode()));
    }

    private void like() {
        String user = "u" + random.nextInt(50_000);
        post("LIKE", roomUrl + "/v1/rooms/" + room() + "/messages", new JsonObject().put("type", "LIKE").put("body", "+1")
                .put("sender", new JsonObject().put("userId", user).put("level", 0)));
    }

    private void post(String kind, String url, JsonObject body) {
        post(kind, url, body, () -> { });
    }

    private void post(String kind, String url, JsonObject body, Runnable onOk) {
        post(kind, url, body, onOk, null);
    }

    private void post(String kind, String url, JsonObject body, Runnable onOk,
                      java.util.function.Consumer<io.vertx.core.http.HttpClientResponse> onOkResponse) {
        inFlight.incrementAndGet();
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(url).setTimeout(10_000)
                .putHeader("content-type", "application/json").putHeader("authorization", "Bearer " + serviceToken);
        http.request(options)
                .compose(req -> req.send(Buffer.buffer(body.encode())))
                .onSuccess(resp -> {
                    boolean ok = resp.statusCode() / 100 == 2;
                    if (ok && onOk != null) {
                        onOk.run();
                    }
                    count(kind + (ok ? ":ok" : ":http" + resp.statusCode()));
                    if (ok && onOkResponse != null) {
                        onOkResponse.accept(resp);
                    } else {
                        resp.body();
                    }
                })
                .onFailure(err -> count(kind + ":failed:" + err.getClass().getSimpleName()))
                .onComplete(ar -> inFlight.decrementAndGet());
    }

    private void count(String outcome) {
        outcomes.computeIfAbsent(outcome, k -> new LongAdder()).increment();
    }

    /** Publish outcomes, e.g. {@code CHAT:ok -> 12000, GIFT:http503 -> 2}. */
    public Map<String, Long> outcomes() {
        Map<String, Long> out = new TreeMap<>();
        outcomes.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** Gift orders gift-service answered 2xx (recorded for sure). */
    public java.util.Set<String> confirmedGiftOrders() {
        return java.util.Set.copyOf(confirmedGiftOrders);
    }

    /** Gift orders attempted by this run (confirmed or not). */
    public long giftOrdersAttempted() {
        return giftOrders.get();
    }

    /** Whether a gift's order id was made by this run. */
    public boolean ownGiftOrder(String orderId) {
        return orderId.startsWith(giftOrderPrefix);
    }

    /**
     * Stops publishing and waits (at most {@code maxWaitMillis}) for the requests in flight to be
     * answered, so that every gift sent has a known outcome before the anchor's count is compared.
     */
    public void stop(long maxWaitMillis) throws InterruptedException {
        stopped = true;
        long deadline = System.currentTimeMillis() + maxWaitMillis;
        while (inFlight.get() > 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
    }

    public long ok(String kind) {
        LongAdder a = outcomes.get(kind + ":ok");
        return a == null ? 0 : a.sum();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        vertx.close();
    }
}
