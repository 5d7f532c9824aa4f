package dev.roomcast.mailbox.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.roomcast.common.auth.TokenIssuer;
import dev.roomcast.proto.v1.AppendBatchRequest;
import dev.roomcast.proto.v1.MailboxEntry;
import dev.roomcast.proto.v1.MailboxServiceGrpc;
import dev.roomcast.proto.v1.Message;
import dev.roomcast.proto.v1.MessageType;
import dev.roomcast.proto.v1.Sender;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Load runs against the packaged service (started here as a child process on port 18283, Redis db 2).
 * Modes: append (group commit on vs off), recent (recent-50 latency), poll (hot cache), poll-cold.
 * Usage: MailboxBench <mode> --json <file>. Not a test: figures depend on the machine (see README).
 */
public final class MailboxBench {

    private static final Duration WARMUP = Duration.ofSeconds(5);
    private static final Duration MEASURE = Duration.ofSeconds(20);

    public static void main(String[] args) {
        try {
            run(args);
            System.exit(0);
        } catch (Throwable t) {
            // exec:java would otherwise wait forever for the clients' non-daemon threads.
            t.printStackTrace();
            System.exit(1);
        }
    }

    private static void run(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "append";
        String json = args.length > 2 && "--json".equals(args[1]) ? args[2] : "target/bench-" + mode + ".json";
        String runId = "bench" + System.currentTimeMillis() % 1_000_000;
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("mode", mode);
        result.put("machine", Runtime.getRuntime().availableProcessors() + " cores (shared), JDK "
                + System.getProperty("java.version"));
        switch (mode) {
            case "append" -> {
                result.put("groupCommit_batch100", appendRun(runId + "a", List.of(), 64, 100));
                result.put("groupCommit_batch1", appendRun(runId + "b", List.of(), 256, 1));
                result.put("noGroupCommit_batch1", appendRun(runId + "c",
                        List.of("-Droomcast.mailbox.append.flush-max-rows=1",
                                "-Droomcast.mailbox.append.max-in-flight=16"), 256, 1));
            }
            case "recent" -> {
                try (ServiceProcess s = ServiceProcess.start(mode, List.of())) {
                    fill(runId, 50, 500);
                    result.put("recent50_concurrency4", ReadLoad.run(s, 4,
                            i -> "/v1/rooms/" + runId + "-" + ReadLoad.random(50) + "/messages/recent?limit=50",
                            WARMUP, MEASURE, 0));
                    result.put("recent50_concurrency32", ReadLoad.run(s, 32,
                            i -> "/v1/rooms/" + runId + "-" + ReadLoad.random(50) + "/messages/recent?limit=50",
                            WARMUP, MEASURE, 0));
                }
            }
            case "poll" -> {
                try (ServiceProcess s = ServiceProcess.start(mode, List.of())) {
                    fill(runId, 50, 500);
                    // A poller near the head: its cursor is 10 messages behind (about one poll interval of chat).
                    result.put("pollHot_concurrency64", ReadLoad.run(s, 64,
                            i -> pollPath(runId, ReadLoad.random(50), 500), WARMUP, MEASURE, 0));
                }
            }
            case "poll-cold" -> {
                int rooms = 1000;
                try (ServiceProcess s = ServiceProcess.start(mode, List.of())) {
                    fill(runId, rooms, 20);
                    forgetHotWindows(s, runId, rooms);
                    result.put("pollCold_concurrency32", ReadLoad.run(s, 32,
                            i -> pollPath(runId, i, 20), Duration.ZERO, Duration.ofDays(1), rooms));
                }
            }
            case "probe" -> {
                // Diagnostics: sequential appends, then the service's own commit metrics.
                try (ServiceProcess s = ServiceProcess.start(mode, List.of())) {
                    long t0 = System.nanoTime();
                    fill(runId, 20, 500);
                    result.put("sequentialFillMsgPerSec", Math.round(10_000 / ((System.nanoTime() - t0) / 1e9)));
                    String metrics = new String(java.net.URI.create("http://localhost:" + ServiceProcess.PORT
                            + "/q/metrics").toURL().openStream().readAllBytes());
                    result.put("metrics", metrics.lines().filter(l -> l.startsWith("mailbox_append_commit")
                            || l.startsWith("http_server_requests_seconds_sum")).toList());
                }
            }
            default -> throw new IllegalArgumentException("mode: append | recent | poll | poll-cold");
        }
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        new File(json).getAbsoluteFile().getParentFile().mkdirs();
        mapper.writeValue(new File(json), result);
        System.out.println(mapper.writeValueAsString(result));
    }

    private static String pollPath(String runId, int room, int perRoom) {
        // Message ids of room r are r*perRoom+1 .. (r+1)*perRoom (see fill).
        long head = (long) (room + 1) * perRoom;
        return "/v1/rooms/" + runId + "-" + room + "/poll?cursor=" + (head - 10) + "&limit=50";
    }

    private static Map<String, Object> appendRun(String runId, List<String> props, int inFlight, int batch)
            throws Exception {
        try (ServiceProcess s = ServiceProcess.start("append-" + runId, props)) {
            return AppendLoad.run(runId, s, inFlight, batch, 200, WARMUP, MEASURE);
        }
    }

    /** Rooms runId-0..rooms-1, each with perRoom chats of mixed priority; msgIds r*perRoom+1 .. (r+1)*perRoom. */
    private static void fill(String runId, int rooms, int perRoom) throws InterruptedException {
        ManagedChannel channel = ManagedChannelBuilder.forAddress("localhost", ServiceProcess.PORT).usePlaintext()
                .build();
        Metadata auth = new Metadata();
        auth.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer "
                + TokenIssuer.services(ServiceProcess.SERVICE_SECRET).service("bench", Duration.ofHours(2),
                        dev.roomcast.common.auth.Scopes.ROOM_SERVICE));
        MailboxServiceGrpc.MailboxServiceBlockingStub stub = MailboxServiceGrpc.newBlockingStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(auth));
        long now = System.currentTimeMillis();
        List<MailboxEntry> batch = new ArrayList<>();
        for (int r = 0; r < rooms; r++) {
            String room = runId + "-" + r;
            for (int i = 1; i <= perRoom; i++) {
                long id = (long) r * perRoom + i;
                batch.add(MailboxEntry.newBuilder().setMboxId("room:" + room).setMessage(Message.newBuilder()
                        .setRoomId(room).setMsgId(id).setType(i % 25 == 0 ? MessageType.GIFT : MessageType.CHAT)
                        .setPriority(i % 25 == 0 ? 200 : 100 + i % 60)
                        .setSender(Sender.newBuilder().setUserId("u" + i).setLevel(i % 60).setNickname("viewer" + i))
                        .setBody("message body number " + id).setCreatedAtMs(now)).build());
                if (batch.size() == 500) {
                    stub.appendBatch(AppendBatchRequest.newBuilder().addAllEntries(batch).build());
                    batch.clear();
                }
            }
        }
        if (!batch.isEmpty()) {
            stub.appendBatch(AppendBatchRequest.newBuilder().addAllEntries(batch).build());
        }
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    /** What a Redis restart leaves for these rooms: no hot window, so every first poll rebuilds from PostgreSQL. */
    private static void forgetHotWindows(ServiceProcess s, String runId, int rooms) throws Exception {
        Vertx vertx = Vertx.vertx();
        Redis redis = Redis.createClient(vertx, s.servers.redisUrl(2));
        List<Request> dels = new ArrayList<>();
        for (int r = 0; r < rooms; r++) {
            String base = "roomcast:mbox:{" + runId + "-" + r + "}:";
            dels.add(Request.cmd(Command.DEL).arg(base + "hot").arg(base + "meta"));
        }
        redis.batch(dels).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private MailboxBench() {
    }
}
