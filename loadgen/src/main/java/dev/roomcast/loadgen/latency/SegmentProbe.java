package dev.roomcast.loadgen.latency;

import dev.roomcast.client.BlockStats;
import dev.roomcast.client.ClientConfig;
import dev.roomcast.client.ClientListener;
import dev.roomcast.client.ClientRuntime;
import dev.roomcast.client.RoomcastClient;
import dev.roomcast.common.auth.TokenIssuer;
import dev.roomcast.proto.v1.Message;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Times one room's publish path in its three segments, per message, from the fields the message and its
 * block carry: publish -> accept (the REST call's start to the reply's {@code createdAtMs}), accept -> block
 * ({@code Block.created_at_ms - Message.created_at_ms}: the scheduler's share, the figure the one-tick target
 * is about) and block -> viewer (arrival at one live viewer - {@code Block.created_at_ms}). Chats go at a
 * steady rate with {@code noWaitForAppend} (so the reply time is the acceptance, not the mailbox), optionally
 * with big gifts (immediate) mixed in; results print as JSON, normal and immediate apart.
 * <p>
 * Kept apart from the load generator's fleet on purpose: one viewer and one publisher, nothing else, so the
 * segments are not blurred by load. Run it against {@code bin/roomcast up -d}:
 * {@code java -cp "loadgen/target/classes:loadgen/target/lib/*" dev.roomcast.loadgen.latency.SegmentProbe [seconds] [chatsPerSec] [giftsPerSec]}.
 */
public final class SegmentProbe {

    private static final Pattern CREATED = Pattern.compile("\"createdAtMs\"\\s*:\\s*(\\d+)");

    private record Sent(long publishStartMs, long acceptedAtMs) {
    }

    private final Map<String, Sent> sent = new ConcurrentHashMap<>();
    private final List<Long> publishToAccept = new CopyOnWriteArrayList<>();
    private final List<Long> acceptToBlock = new CopyOnWriteArrayList<>();
    private final List<Long> blockToViewer = new CopyOnWriteArrayList<>();
    private final List<Long> immediateAcceptToBlock = new CopyOnWriteArrayList<>();
    private final List<Long> immediatePublishToViewer = new CopyOnWriteArrayList<>();
    private volatile long lastBlockCreatedMs;
    private volatile long lastBlockArrivalMs;

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        double chatsPerSec = args.length > 1 ? Double.parseDouble(args[1]) : 10;
        double giftsPerSec = args.length > 2 ? Double.parseDouble(args[2]) : 1;
        String roomUrl = System.getProperty("roomcast.room-url", "http://127.0.0.1:8082");
        String secret = System.getProperty("roomcast.secret", "roomcast-dev-secret-change-me-0123456789abcdef");
        String serviceSecret = System.getProperty("roomcast.service-secret", "roomcast-dev-service-secret-change-me-0123456789");
        System.out.println(new SegmentProbe().run(roomUrl, secret, serviceSecret, seconds, chatsPerSec, giftsPerSec));
        System.exit(0);
    }

    String run(String roomUrl, String secret, String serviceSecret, int seconds, double chatsPerSec, double giftsPerSec)
            throws Exception {
        TokenIssuer issuer = TokenIssuer.users(secret);
        String room = "probe-" + System.currentTimeMillis();
        String service = "Bearer " + TokenIssuer.services(serviceSecret).service("segment-probe", Duration.ofHours(1),
                java.util.List.of(dev.roomcast.common.auth.Scopes.PUBLISH));
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try (ClientRuntime runtime = ClientRuntime.create(1)) {
            RoomcastClient viewer = runtime.newClient(ClientConfig.builder(roomUrl)
                    .token(issuer.viewer("probe-viewer", Duration.ofHours(1))).recentHistoryLimit(0).build(),
                    new Listener());
            viewer.connect();
            viewer.join(room).toCompletableFuture().get();
            long start = System.currentTimeMillis();
            long chatGapNanos = (long) (1e9 / chatsPerSec);
            long giftEvery = giftsPerSec > 0 ? Math.max(1, Math.round(chatsPerSec / giftsPerSec)) : Long.MAX_VALUE;
            long next = System.nanoTime();
            for (long i = 0; System.currentTimeMillis() - start < seconds * 1000L; i++) {
                boolean gift = i % giftEvery == giftEvery - 1;
                String body = (gift ? "probe-gift-" : "probe-chat-") + i;
                String json = gift
                        ? "{\"type\":\"GIFT\",\"body\":\"" + body + "\",\"giftValue\":100000,\"noWaitForAppend\":true}"
                        : "{\"type\":\"CHAT\",\"body\":\"" + body + "\",\"sender\":{\"userId\":\"p\",\"level\":10},"
                                + "\"noWaitForAppend\":true}";
                long t0 = System.currentTimeMillis();
                HttpResponse<String> reply = http.send(HttpRequest.newBuilder(URI.create(roomUrl + "/v1/rooms/" + room
                                + "/messages")).header("Authorization", service).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
                Matcher m = CREATED.matcher(reply.body());
                if (reply.statusCode() == 200 && m.find()) {
                    long accepted = Long.parseLong(m.group(1));
                    sent.put(body, new Sent(t0, accepted));
                    publishToAccept.add(accepted - t0);
                }
                next += chatGapNanos;
                long sleep = next - System.nanoTime();
                if (sleep > 0) {
                    Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
                }
            }
            Thread.sleep(3000);   // the last ticks
            viewer.close();
        }
        return String.format(Locale.ROOT, "{\"room\":\"%s\",\"seconds\":%d,\"chatsPerSec\":%s,\"giftsPerSec\":%s,"
                        + "\"publishToAcceptMs\":%s,\"acceptToBlockMs\":%s,\"blockToViewerMs\":%s,"
                        + "\"immediateAcceptToBlockMs\":%s,\"immediatePublishToViewerMs\":%s}",
                room, seconds, chatsPerSec, giftsPerSec, summary(publishToAccept), summary(acceptToBlock),
                summary(blockToViewer), summary(immediateAcceptToBlock), summary(immediatePublishToViewer));
    }

    /** The client reports a block, then (same thread) its live messages. */
    private final class Listener implements ClientListener {
        @Override
        public void onBlock(BlockStats block) {
            lastBlockCreatedMs = block.createdAtMillis();
            lastBlockArrivalMs = System.currentTimeMillis();
        }

        @Override
        public void onMessages(String roomId, List<Message> messages) {
            long blockAt = lastBlockCreatedMs;
            long arrived = lastBlockArrivalMs;
            for (Message m : messages) {
                Sent s = sent.get(m.getBody());
                if (s == null || blockAt == 0) {
                    continue;   // not ours, or history
                }
                if (m.getBody().startsWith("probe-gift-")) {
                    immediateAcceptToBlock.add(blockAt - m.getCreatedAtMs());
                    immediatePublishToViewer.add(arrived - s.publishStartMs());
                } else {
                    acceptToBlock.add(blockAt - m.getCreatedAtMs());
                    blockToViewer.add(arrived - blockAt);
                }
            }
        }
    }

    private static String summary(List<Long> values) {
        if (values.isEmpty()) {
            return "{\"n\":0}";
        }
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return String.format(Locale.ROOT, "{\"n\":%d,\"p50\":%d,\"p99\":%d,\"max\":%d}", sorted.size(),
                pct(sorted, 0.50), pct(sorted, 0.99), sorted.get(sorted.size() - 1));
    }

    private static long pct(List<Long> sorted, double q) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1));
    }
}
