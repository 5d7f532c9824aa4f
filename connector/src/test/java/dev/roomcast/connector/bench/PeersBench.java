package dev.roomcast.connector.bench;

import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The load process of connector/bench/peers.sh: the same fan-out against the Roomcast connector,
 * nats-server, Mosquitto (MQTT QoS 0) and the naive Vert.x loop, one after the other, from this one
 * process. Every target gets N subscribers from the same source addresses, the same frames (20 chat
 * messages as room-service encodes them) at the same rates, published by a separate connection of this
 * process; each server is its own process, started and stopped here, measured by its pid.
 */
public final class PeersBench {

    private static final long DELIVERY_WAIT_NANOS = TimeUnit.SECONDS.toNanos(15);
    /** Classes listed by name in the per-connection heap breakdown; the rest are summed in one row. */
    private static final int HISTOGRAM_ROWS = 40;

    public static void main(String[] argv) throws Exception {
        PeersArgs args = PeersArgs.parse(argv);
        Server room = NettyServerBuilder.forPort(args.roomPort).addService(new BenchRoomService().definition()).build().start();
        long createdAt = System.currentTimeMillis();
        Map<Integer, byte[][]> framesByRate = new LinkedHashMap<>();
        for (int rate : args.rates) {
            framesByRate.put(rate, ChatBlocks.frames(WsPeer.ROOM, WsPeer.MCAST, rate * args.seconds, createdAt));
        }
        Map<Integer, byte[][]> warmupByRate = new LinkedHashMap<>();
        for (int rate : args.rates) {
            warmupByRate.put(rate, ChatBlocks.frames(WsPeer.ROOM, WsPeer.MCAST, args.warmupBlocks(rate), createdAt));
        }
        byte[][] prewarm = ChatBlocks.frames(WsPeer.ROOM, WsPeer.MCAST, args.prewarmBlocks(), createdAt);
        byte[][] sample = framesByRate.get(args.rates.get(0));

        Map<String, Object> report = new LinkedHashMap<>();
        report.put("date", Instant.now().toString());
        report.put("connections", args.connections);
        report.put("blocks_per_sec", args.rates);
        report.put("seconds_per_rate", args.seconds);
        report.put("repeats_per_rate", args.repeats);
        report.put("warmup_seconds_per_rate", args.warmupSeconds);
        report.put("warmup_blocks_per_rate", args.rates.stream().map(args::warmupBlocks).toList());
        report.put("prewarm_blocks", args.prewarmBlocks());
        report.put("prewarm_blocks_per_sec", args.prewarmRate());
        report.put("jvm_server_flags", args.jvmFlags);
        report.put("messages_per_frame", ChatBlocks.MESSAGES_PER_BLOCK);
        report.put("frame_bytes_mean", Math.round(Arrays.stream(sample, 1, sample.length).mapToInt(f -> f.length).average().orElse(0)));
        report.put("frame_encoding", "Frame{Block}: 20 chat messages, zstd level 3 + bundled dictionary (room-service defaults)");
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("loadavg_at_start", ProcStat.loadAverage());
        report.put("machine", machine);
        report.put("source_addresses", args.sources);

        Map<String, Map<String, Object>> targets = new LinkedHashMap<>();
        for (Peer peer : peers(args)) {
            System.out.println("== " + peer.name());
            targets.put(peer.name(), measure(peer, args, prewarm, framesByRate, warmupByRate));
        }
        machine.put("loadavg_at_end", ProcStat.loadAverage());
        report.put("targets", targets);
        report.put("ratios", ratios(targets, args.rates));

        String json = Json.write(report);
        System.out.println(json);
        if (args.json != null) {
            Files.writeString(Path.of(args.json), json + "\n");
        }
        room.shutdownNow();
        System.exit(0);
    }

    private static List<Peer> peers(PeersArgs args) {
        Path logs = Path.of(args.logDir);
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> jvmFlags = List.of(args.jvmFlags.trim().split("\\s+"));
        List<Peer> peers = new ArrayList<>();
        for (String target : args.targets) {
            switch (target) {
                case "connector", "connector-epoll" -> {
                    List<String> command = new ArrayList<>(List.of(java));
                    command.addAll(jvmFlags);
                    command.addAll(List.of("-jar", args.app));
                    Map<String, String> env = new LinkedHashMap<>();
                    env.put("ROOMCAST_CONNECTOR_HTTP_PORT", String.valueOf(args.httpPort));
                    env.put("ROOMCAST_CONNECTOR_WS_PORT", String.valueOf(args.wsPort));
                    env.put("ROOMCAST_CONNECTOR_TCP_PORT", String.valueOf(args.tcpPort));
                    env.put("ROOMCAST_ROOM_GRPC_PORT", String.valueOf(args.roomPort));
                    env.put("ROOMCAST_GIFT_GRPC_PORT", "28084");
                    env.put("ROOMCAST_CONNECTOR_INSTANCE_ID", "peers-bench-connector");
                    env.put("ROOMCAST_CONNECTOR_MAX_CONNECTIONS_PER_IP", "100000");
                    env.put("ROOMCAST_CONNECTOR_DRAIN_WINDOW_MILLIS", "1000");
                    // The packaged connector runs in the prod profile, which refuses the development secrets.
                    env.put("ROOMCAST_CONNECTOR_TOKEN_SECRETS", args.secret);
                    env.put("ROOMCAST_CONNECTOR_SERVICE_TOKEN_SECRETS", args.serviceSecret);
                    // The same jar with the client connections on their own Vert.x over native epoll.
                    env.put("ROOMCAST_CONNECTOR_NATIVE_TRANSPORT", String.valueOf(target.equals("connector-epoll")));
                    peers.add(new WsPeer(target, command, env, logs.resolve("peers-" + target + ".log"), args.httpPort,
                            args.httpPort, args.wsPort, args.serviceSecret));
                }
                case "naive" -> {
                    List<String> command = new ArrayList<>(List.of(java));
                    command.addAll(jvmFlags);
                    command.addAll(List.of("-cp", System.getProperty("java.class.path"), NaiveWsServer.class.getName(),
                            String.valueOf(args.wsPort), String.valueOf(args.httpPort), String.valueOf(args.naiveGrpcPort)));
                    peers.add(new WsPeer("naive", command, Map.of(), logs.resolve("peers-naive.log"), args.httpPort,
                            args.naiveGrpcPort, args.wsPort, args.serviceSecret));
                }
                case "nats" -> peers.add(new NatsPeer(args.natsServer, args.natsPort, logs.resolve("peers-nats.log")));
                case "mqtt" -> peers.add(new MqttPeer(args.mosquitto, args.mqttPort, logs.resolve("peers-mqtt.log")));
                default -> throw new IllegalArgumentException(target);
            }
        }
        return peers;
    }

    /** One target: start it, connect N subscribers, measure memory, run every rate, disconnect, stop it. */
    private static Map<String, Object> measure(Peer peer, PeersArgs args, byte[][] prewarm,
            Map<Integer, byte[][]> framesByRate, Map<Integer, byte[][]> warmupByRate) {
        Map<String, Object> t = new LinkedHashMap<>();
        Vertx vertx = null;
        PeerServer server = null;
        try {
            t.put("loadavg_at_start", ProcStat.loadAverage());
            server = peer.start();
            Thread.sleep(1000);
            long heapBefore = peer.heapAfterGc();
            ClassHistogram classesBefore = heapBefore < 0 ? null : ClassHistogram.take(server.pid());
            long rssBefore = ProcStat.rssBytes(server.pid());
            vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
            long t0 = System.nanoTime();
            Receipts receipts = peer.subscribe(vertx, args.connections, args.sources);
            double connectSeconds = (System.nanoTime() - t0) / 1e9;
            long heapAfter = peer.heapAfterGc();
            long rssAfter = ProcStat.rssBytes(server.pid());
            int open = peer.subscribed();
            long connectFailures = receipts.failures.get();
            System.out.printf("%s: %d subscribers in %.1f s (%d failed)%n", peer.name(), open, connectSeconds, connectFailures);
            t.put("subscribed", open);
            t.put("connect_failures", connectFailures);
            t.put("connect_seconds", round(connectSeconds));
            ClassHistogram classesAfter = classesBefore == null ? null : ClassHistogram.take(server.pid());
            // Live objects (a full GC, then every object counted): the same with any heap size. The used heap
            // after GC.run also holds what was allocated in the second before it was read, which a large young
            // generation keeps (with -Xms2g it read 1.5-2.4 KB where the live objects were 3.5-3.9 KB).
            t.put("heap_bytes_per_connection", classesAfter == null ? null
                    : Math.round(classesAfter.bytesGrownSince(classesBefore) / (double) Math.max(1, open)));
            t.put("heap_used_after_gc_bytes_per_connection", heapBefore < 0 ? null : (heapAfter - heapBefore) / Math.max(1, open));
            if (classesAfter != null) {
                t.put("heap_by_class_per_connection", classesAfter.growthPerConnection(classesBefore, open, HISTOGRAM_ROWS));
            }
            t.put("rss_bytes_per_connection", (rssAfter - rssBefore) / Math.max(1, open));
            t.put("server_heap_after_connect_bytes", heapBefore < 0 ? null : heapAfter);
            t.put("server_rss_before_connect_bytes", rssBefore);
            t.put("server_rss_after_connect_bytes", rssAfter);
            // Each rate is warmed up before it is measured: a long-running server has compiled its paths for
            // the rate it serves (the JIT of a JVM target at a new rate is reported apart, in the warm-ups).
            List<Map<String, Object>> warmups = new ArrayList<>();
            if (prewarm.length > 1) {
                warmups.add(run(peer, server, receipts, args.prewarmRate(), prewarm, open));
            }
            List<Map<String, Object>> runs = new ArrayList<>();
            for (Map.Entry<Integer, byte[][]> rate : framesByRate.entrySet()) {
                byte[][] warmup = warmupByRate.get(rate.getKey());
                if (warmup.length > 1) {
                    warmups.add(run(peer, server, receipts, rate.getKey(), warmup, open));
                }
                List<Map<String, Object>> repeats = new ArrayList<>();
                for (int i = 0; i < args.repeats; i++) {
                    repeats.add(run(peer, server, receipts, rate.getKey(), rate.getValue(), open));
                }
                runs.add(medianRun(repeats));
            }
            t.put("warmups", warmups);
            t.put("runs", runs);
            t.put("disconnects_during_runs", receipts.failures.get() - connectFailures);
            t.put("loadavg_at_end", ProcStat.loadAverage());
        } catch (Exception e) {
            e.printStackTrace();
            t.put("error", e.toString());
        } finally {
            try {
                if (vertx != null) {
                    vertx.close().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
                }
                if (server != null) {
                    peer.stop();
                }
            } catch (Exception e) {
                e.printStackTrace();
                t.put("stop_error", e.toString());
            }
        }
        return t;
    }

    /** Publishes frames[1..] at the rate, then waits (at most 15 s) for every expected receipt. */
    private static Map<String, Object> run(Peer peer, PeerServer server, Receipts receipts, int rate, byte[][] frames,
            int members) throws Exception {
        int blocks = frames.length - 1;
        long[] sent = new long[blocks + 1];
        receipts.sentNanos = sent;
        receipts.resetLatency();
        long framesBefore = receipts.frames.get();
        long dropped = 0;
        Map<String, Double> countersBefore = peer.writeCounters();
        Map<String, long[]> threadsBefore = ProcStat.ticksByThreadKind(server.pid());
        long[] cpuBefore = ProcStat.userSystemTicks(server.pid());
        long[] loadBefore = ProcStat.userSystemTicks(ProcessHandle.current().pid());
        long start = System.nanoTime();
        long interval = TimeUnit.SECONDS.toNanos(1) / rate;
        for (int seq = 1; seq <= blocks; seq++) {
            long wait = start + (seq - 1) * interval - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            sent[seq] = System.nanoTime();
            dropped += peer.publish(frames[seq]);
        }
        long expected = (long) blocks * members;
        long deadline = System.nanoTime() + DELIVERY_WAIT_NANOS;
        while (receipts.frames.get() - framesBefore < expected - dropped && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        double wall = (System.nanoTime() - start) / 1e9;
        long[] cpuAfter = ProcStat.userSystemTicks(server.pid());
        long[] loadAfter = ProcStat.userSystemTicks(ProcessHandle.current().pid());
        Map<String, long[]> threadsAfter = ProcStat.ticksByThreadKind(server.pid());
        double userSeconds = (cpuAfter[0] - cpuBefore[0]) / 100.0;
        double systemSeconds = (cpuAfter[1] - cpuBefore[1]) / 100.0;
        double cpuSeconds = userSeconds + systemSeconds;
        Map<String, Double> countersAfter = peer.writeCounters();
        long received = receipts.frames.get() - framesBefore;
        long messages = received * ChatBlocks.MESSAGES_PER_BLOCK;
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("blocks_per_sec", rate);
        r.put("blocks", blocks);
        r.put("frames_expected", expected);
        r.put("frames_received", received);
        r.put("delivered_fraction", expected == 0 ? null : round((double) received / expected));
        r.put("frames_dropped_by_server", dropped);
        r.put("delivered_msgs_per_sec", Math.round(messages / wall));
        r.put("server_cpu_seconds", round(cpuSeconds));
        r.put("server_user_cpu_seconds", round(userSeconds));
        r.put("server_system_cpu_seconds", round(systemSeconds));
        r.put("wall_seconds", round(wall));
        r.put("msgs_per_server_cpu_second", cpuSeconds == 0 ? null : Math.round(messages / cpuSeconds));
        // The server's own code apart from the kernel: on loopback the kernel time of a write includes the
        // receiving side's TCP processing, the same for every server, so this is where servers differ.
        r.put("msgs_per_server_user_cpu_second", userSeconds == 0 ? null : Math.round(messages / userSeconds));
        // The load process (publisher + every subscriber) shares the two cores: above ~1 core it is saturated.
        double loadSeconds = (loadAfter[0] + loadAfter[1] - loadBefore[0] - loadBefore[1]) / 100.0;
        r.put("load_process_cpu_seconds", round(loadSeconds));
        r.put("load_process_cores", round(loadSeconds / wall));
        // Each block is a burst: the server writes it to every member and the load process reads it from
        // every socket, on the same cores. Neither can finish before the burst's CPU, spread over every core,
        // has run, so the last receipt of a block (and so the p99) cannot come sooner than this floor.
        double serverMsPerBlock = cpuSeconds * 1000 / blocks;
        double loadMsPerBlock = loadSeconds * 1000 / blocks;
        r.put("server_cpu_ms_per_block", round(serverMsPerBlock));
        r.put("server_user_cpu_ms_per_block", round(userSeconds * 1000 / blocks));
        r.put("server_system_cpu_ms_per_block", round(systemSeconds * 1000 / blocks));
        r.put("load_process_cpu_ms_per_block", round(loadMsPerBlock));
        r.put("delivery_floor_ms", round((serverMsPerBlock + loadMsPerBlock) / Runtime.getRuntime().availableProcessors()));
        r.put("server_cpu_seconds_by_thread", ProcStat.secondsByThreadKind(threadsBefore, threadsAfter));
        // What a JVM target still compiles while measured (after the warm-up at this rate): the figure without it, apart.
        double jit = ProcStat.seconds(threadsBefore, threadsAfter, "C CompilerThre");
        r.put("server_jit_cpu_seconds", round(jit));
        r.put("msgs_per_server_cpu_second_without_jit", cpuSeconds - jit <= 0 ? null : Math.round(messages / (cpuSeconds - jit)));
        r.put("delay_p50_ms", receipts.percentileMs(0.50));
        r.put("delay_p99_ms", receipts.percentileMs(0.99));
        r.put("delay_max_ms", receipts.percentileMs(1.0));
        // Frames the server wrote per socket flush (the connector only: > 1 when flushes coalesce blocks).
        Double flushes = delta(countersBefore, countersAfter, "roomcast_connector_fanout_flushes_total");
        Double written = delta(countersBefore, countersAfter, "roomcast_connector_frames_written");
        r.put("server_flushes", flushes);
        r.put("frames_per_flush", flushes == null || written == null || flushes == 0 ? null : round(written / flushes));
        System.out.println(peer.name() + " run " + r);
        return r;
    }

    /**
     * The run of a rate whose msgs per server CPU-second is the median of its repeats, with every repeat's
     * figure beside it: a real run, so that its other figures (latency, CPU by thread) belong together.
     */
    private static Map<String, Object> medianRun(List<Map<String, Object>> repeats) {
        List<Map<String, Object>> sorted = new ArrayList<>(repeats);
        sorted.sort(java.util.Comparator.comparingDouble(r -> number(r.get("msgs_per_server_cpu_second"))));
        Map<String, Object> median = new LinkedHashMap<>(sorted.get((sorted.size() - 1) / 2));
        median.put("repeats", repeats.size());
        median.put("msgs_per_server_cpu_second_of_repeats", repeats.stream().map(r -> r.get("msgs_per_server_cpu_second")).toList());
        median.put("delay_p99_ms_of_repeats", repeats.stream().map(r -> r.get("delay_p99_ms")).toList());
        return median;
    }

    private static double number(Object v) {
        return v instanceof Number n ? n.doubleValue() : 0;
    }

    /** The connector targets (NIO and epoll): Roomcast itself, compared with every other target. */
    private static final List<String> CONNECTORS = List.of("connector", "connector-epoll");

    /**
     * Each connector target's figure over each other target's, per rate (msgs per server CPU-second) and per
     * connection (memory): {@code connector_over_nats}, {@code connector-epoll_over_connector}...
     */
    private static Map<String, Object> ratios(Map<String, Map<String, Object>> targets, List<Integer> rates) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String figure : List.of("msgs_per_server_cpu_second", "msgs_per_server_user_cpu_second")) {
            out.put(figure, ratiosPerRate(targets, rates, figure));
        }
        out.put("msgs_per_server_cpu_second_ceiling", ceilings(targets, rates));
        out.put("rss_bytes_per_connection", rssRatios(targets));
        return out;
    }

    /** A figure of a connector target against another target. */
    private interface PairFigure {
        Double of(Map<String, Object> connector, Map<String, Object> other);
    }

    private static List<Map<String, Object>> ratiosPerRate(Map<String, Map<String, Object>> targets, List<Integer> rates,
            String figure) {
        List<Map<String, Object>> perRate = new ArrayList<>();
        for (int i = 0; i < rates.size(); i++) {
            int rate = i;
            perRate.add(pairs(targets, rates.get(i), (mine, other) -> divide(runValue(mine, rate, figure), runValue(other, rate, figure))));
        }
        return perRate;
    }

    /**
     * The most a connector target's ratio could be if its own code took no CPU at all: the other server's
     * CPU per block over the connector's kernel CPU per block. On loopback the kernel's work per frame (the
     * send, and the receiver's TCP input, which runs in the sender's context) is the same for every server
     * that writes each block at once, so a target above this ceiling cannot be reached by the connector's code.
     */
    private static List<Map<String, Object>> ceilings(Map<String, Map<String, Object>> targets, List<Integer> rates) {
        List<Map<String, Object>> perRate = new ArrayList<>();
        for (int i = 0; i < rates.size(); i++) {
            int rate = i;
            perRate.add(pairs(targets, rates.get(i), (mine, other) -> divide(runValue(other, rate, "server_cpu_ms_per_block"),
                    runValue(mine, rate, "server_system_cpu_ms_per_block"))));
        }
        return perRate;
    }

    private static Map<String, Object> rssRatios(Map<String, Map<String, Object>> targets) {
        return pairs(targets, null, (mine, other) -> divide(mine.get("rss_bytes_per_connection"), other.get("rss_bytes_per_connection")));
    }

    /** {@code connector_over_nats}, {@code connector-epoll_over_connector}...: each connector target against each other target. */
    private static Map<String, Object> pairs(Map<String, Map<String, Object>> targets, Integer rate, PairFigure figure) {
        Map<String, Object> row = new LinkedHashMap<>();
        if (rate != null) {
            row.put("blocks_per_sec", rate);
        }
        for (String mine : CONNECTORS) {
            Map<String, Object> connector = targets.get(mine);
            if (connector == null) {
                continue;
            }
            for (Map.Entry<String, Map<String, Object>> other : targets.entrySet()) {
                if (!other.getKey().equals(mine)) {
                    row.put(mine + "_over_" + other.getKey(), figure.of(connector, other.getValue()));
                }
            }
        }
        return row;
    }

    @SuppressWarnings("unchecked")
    private static Object runValue(Map<String, Object> target, int index, String key) {
        Object runs = target.get("runs");
        if (!(runs instanceof List<?> list) || index >= list.size()) {
            return null;
        }
        return ((Map<String, Object>) list.get(index)).get(key);
    }

    private static Double divide(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y && y.doubleValue() != 0) {
            return round(x.doubleValue() / y.doubleValue());
        }
        return null;
    }

    private static Double delta(Map<String, Double> before, Map<String, Double> after, String name) {
        Double a = before.get(name);
        Double b = after.get(name);
        return a == null || b == null ? null : b - a;
    }

    static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
