package dev.roomcast.connector.bench;

import com.google.protobuf.ByteString;
import dev.roomcast.common.auth.TokenIssuer;
import dev.roomcast.proto.v1.Block;
import dev.roomcast.proto.v1.BlockPayload;
import dev.roomcast.proto.v1.ConnectorServiceGrpc;
import dev.roomcast.proto.v1.Frame;
import dev.roomcast.proto.v1.Message;
import dev.roomcast.proto.v1.MessageType;
import dev.roomcast.proto.v1.PushBlockReply;
import dev.roomcast.proto.v1.PushBlockRequest;
import dev.roomcast.proto.v1.Sender;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.MetadataUtils;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The load process of connector/bench/fanout.sh: serves a minimal RoomService, joins N WebSocket
 * viewers to one room on the connector under test, pushes 20-message blocks at each rate through
 * ConnectorService.PushBlock, and reports delivery, connector CPU per delivered message (from
 * /proc/PID/stat), heap and RSS per connection, and push-to-receipt delay.
 */
public final class FanoutBench {

    public static void main(String[] argv) throws Exception {
        BenchArgs args = BenchArgs.parse(argv);
        ConnectorProcess connector = new ConnectorProcess(args.connectorPid, args.httpPort);
        Server room = NettyServerBuilder.forPort(args.roomPort).addService(new BenchRoomService().definition()).build().start();
        connector.awaitReady(Duration.ofSeconds(120));

        Map<String, Object> report = new LinkedHashMap<>();
        report.put("connections", args.connections);
        report.put("machine", Map.of("cores", Runtime.getRuntime().availableProcessors(),
                "loadavg_at_start", Files.readString(Path.of("/proc/loadavg")).trim()));
        long heapBefore = connector.heapAfterGc();
        long rssBefore = connector.rssBytes();

        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        BenchClients clients = new BenchClients();
        long t0 = System.nanoTime();
        clients.open(vertx, args.connections, args.wsPort, args.sources, "bench");
        double joinSeconds = (System.nanoTime() - t0) / 1e9;
        long heapAfter = connector.heapAfterGc();
        long rssAfter = connector.rssBytes();
        int open = clients.open();
        System.out.printf(Locale.ROOT, "joined %d connections in %.1f s (%d failed)%n", open, joinSeconds, clients.failures.get());
        report.put("joined", open);
        report.put("join_seconds", round(joinSeconds));
        report.put("heap_bytes_per_connection", (heapAfter - heapBefore) / Math.max(1, open));
        report.put("rss_bytes_per_connection", (rssAfter - rssBefore) / Math.max(1, open));
        report.put("connector_heap_after_join_bytes", heapAfter);
        report.put("connector_rss_after_join_bytes", rssAfter);

        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", args.grpcPort).usePlaintext().build();
        Metadata auth = new Metadata();
        auth.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
                "Bearer " + TokenIssuer.services(args.serviceSecret).service("fanout-bench", Duration.ofHours(1),
                        dev.roomcast.common.auth.Scopes.ROOM_SERVICE));
        ConnectorServiceGrpc.ConnectorServiceBlockingStub push = ConnectorServiceGrpc.newBlockingStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(auth));

        List<Map<String, Object>> runs = new ArrayList<>();
        for (int rate : args.rates) {
            runs.add(run(rate, args.seconds, open, clients, connector, push));
        }
        report.put("runs", runs);
        String json = Json.write(report);
        System.out.println(json);
        if (args.json != null) {
            Files.writeString(Path.of(args.json), json + "\n");
        }
        channel.shutdownNow();
        room.shutdownNow();
        vertx.close();
        System.exit(0);
    }

    private static Map<String, Object> run(int rate, int seconds, int members, BenchClients clients,
            ConnectorProcess connector, ConnectorServiceGrpc.ConnectorServiceBlockingStub push) throws Exception {
        int blocks = rate * seconds;
        long[] sent = new long[blocks + 1];
        clients.sentNanos = sent;
        clients.resetLatency();
        long framesBefore = clients.frames.get();
        AtomicLong dropped = new AtomicLong();
        long[] cpuBefore = connector.userSystemTicks();
        long start = System.nanoTime();
        long interval = TimeUnit.SECONDS.toNanos(1) / rate;
        for (int seq = 1; seq <= blocks; seq++) {
            long due = start + (seq - 1) * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            ByteString frame = block(seq);
            sent[seq] = System.nanoTime();
            PushBlockReply reply = push.withDeadlineAfter(30, TimeUnit.SECONDS)
                    .pushBlock(PushBlockRequest.newBuilder().setMcastId("room:bench").setFrame(frame).build());
            dropped.addAndGet(reply.getDropped());
        }
        long expected = (long) blocks * members;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (clients.frames.get() - framesBefore < expected - dropped.get() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        double wall = (System.nanoTime() - start) / 1e9;
        long[] cpuAfter = connector.userSystemTicks();
        double userSeconds = (cpuAfter[0] - cpuBefore[0]) / 100.0;
        double systemSeconds = (cpuAfter[1] - cpuBefore[1]) / 100.0;
        double cpuSeconds = userSeconds + systemSeconds;
        long frames = clients.frames.get() - framesBefore;
        long messages = frames * 20;
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("blocks_per_sec", rate);
        r.put("blocks", blocks);
        r.put("frames_expected", expected);
        r.put("frames_received", frames);
        r.put("frames_dropped_by_connector", dropped.get());
        r.put("delivered_msgs_per_sec", Math.round(messages / wall));
        r.put("connector_cpu_seconds", round(cpuSeconds));
        r.put("connector_user_cpu_seconds", round(userSeconds));
        r.put("connector_system_cpu_seconds", round(systemSeconds));
        r.put("wall_seconds", round(wall));
        r.put("msgs_per_connector_cpu_second", cpuSeconds == 0 ? null : Math.round(messages / cpuSeconds));
        r.put("connector_cpu_seconds_per_million_msgs", messages == 0 ? null : round(cpuSeconds / (messages / 1e6)));
        r.put("delay_p50_ms", clients.percentileMs(0.50));
        r.put("delay_p99_ms", clients.percentileMs(0.99));
        r.put("delay_max_ms", clients.percentileMs(1.0));
        r.put("frame_bytes", block(1).size());
        System.out.println("run " + r);
        return r;
    }

    /** 20 chat messages of ~120 bytes: about the 3.2 KB frame of the reference loop. */
    static ByteString block(long seq) {
        BlockPayload.Builder payload = BlockPayload.newBuilder();
        for (int i = 0; i < 20; i++) {
            payload.addMessages(Message.newBuilder().setRoomId("bench").setMsgId(seq * 20 + i).setType(MessageType.CHAT)
                    .setPriority(120).setSender(Sender.newBuilder().setUserId("user-" + i).setLevel(20).setNickname("viewer" + i))
                    .setBody("danmaku message number " + i + " in block " + seq + ", long enough to look like a real line of chat on a busy live stream!!")
                    .setCreatedAtMs(System.currentTimeMillis()));
        }
        ByteString bytes = payload.build().toByteString();
        return Frame.newBuilder().setBlock(Block.newBuilder().setMcastId("room:bench").setBlockSeq(seq)
                .setMessageCount(20).setPayload(bytes).setUncompressedSize(bytes.size())
                .setCreatedAtMs(System.currentTimeMillis())).build().toByteString();
    }

    static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
