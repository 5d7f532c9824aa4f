package dev.roomcast.connector.bench;

import java.util.ArrayList;
import java.util.List;

/** Command line of {@link PeersBench} (connector/bench/peers.sh passes the paths; the rest has defaults). */
final class PeersArgs {

    int connections = 15_000;
    List<Integer> rates = new ArrayList<>(List.of(1, 10));
    int seconds = 10;
    /** Seconds of blocks at each rate before that rate is measured, per target (JIT warm-up for the JVM servers; reported apart). */
    int warmupSeconds = 5;
    /**
     * At least this many warm-up blocks per rate: at 1 block/s, 5 s left the JIT compiling ~0.25 CPU-s in
     * every measured 10 s run (a sixth of the connector's CPU there); after 30 blocks it is ~0.09.
     */
    int warmupMinBlocks = 30;
    /**
     * Blocks at the highest rate before any rate is warmed up and measured, per target: a server that has
     * been serving for a while. The JIT compiles a once-per-block path (the push's gRPC call, its decode)
     * only after hundreds of blocks; without this it kept compiling 0.3-0.5 CPU-s in each measured 10 s run
     * at 1 block/s, a quarter of the connector's CPU there, which no long-running connector pays.
     */
    int prewarmBlocks = 300;
    /** Measured runs per rate; the median one (msgs per server CPU-second) is reported, with every figure. */
    int repeats = 3;
    List<String> targets = new ArrayList<>(List.of("connector", "connector-epoll", "nats", "mqtt", "naive"));
    int sources = 4;
    String app = "connector/target/quarkus-app/quarkus-run.jar";
    String logDir = "connector/target";
    String natsServer = "/usr/sbin/nats-server";
    String mosquitto = "/usr/sbin/mosquitto";
    int natsPort = 24222;
    int mqttPort = 21883;
    int httpPort = 28081;
    int wsPort = 28090;
    int tcpPort = 28091;
    int roomPort = 28082;
    int naiveGrpcPort = 28083;
    /**
     * JVM flags of both JVM servers (the connector and the naive loop get the same, so that their ratio is
     * the code's): the heap, and the collector the chart gives the connector (helm/roomcast/values.yaml,
     * connector.jvm.javaOptsAppend): Parallel GC, whose card marking costs no concurrent refinement.
     */
    String jvmFlags = "-Xms256m -Xmx1g -XX:+UseParallelGC";
    String secret = "roomcast-bench-secret-0123456789abcdef-0123456789";
    String serviceSecret = "roomcast-bench-service-secret-0123456789abcdef-01";
    String json;

    static PeersArgs parse(String[] argv) {
        PeersArgs a = new PeersArgs();
        for (int i = 0; i < argv.length; i += 2) {
            if (i + 1 >= argv.length) {
                throw new IllegalArgumentException("option " + argv[i] + " needs a value");
            }
            String v = argv[i + 1];
            switch (argv[i]) {
                case "--connections" -> a.connections = Integer.parseInt(v);
                case "--blocks-per-sec" -> a.rates = ints(v);
                case "--seconds" -> a.seconds = Integer.parseInt(v);
                case "--warmup-seconds" -> a.warmupSeconds = Integer.parseInt(v);
                case "--warmup-min-blocks" -> a.warmupMinBlocks = Integer.parseInt(v);
                case "--prewarm-blocks" -> a.prewarmBlocks = Integer.parseInt(v);
                case "--repeats" -> a.repeats = Math.max(1, Integer.parseInt(v));
                case "--targets" -> a.targets = new ArrayList<>(List.of(v.split(",")));
                case "--sources" -> a.sources = Integer.parseInt(v);
                case "--app" -> a.app = v;
                case "--log-dir" -> a.logDir = v;
                case "--nats-server" -> a.natsServer = v;
                case "--mosquitto" -> a.mosquitto = v;
                case "--nats-port" -> a.natsPort = Integer.parseInt(v);
                case "--mqtt-port" -> a.mqttPort = Integer.parseInt(v);
                case "--jvm-flags" -> a.jvmFlags = v;
                case "--json" -> a.json = v;
                default -> throw new IllegalArgumentException("unknown option " + argv[i]);
            }
        }
        for (String t : a.targets) {
            if (!List.of("connector", "connector-epoll", "nats", "mqtt", "naive").contains(t)) {
                throw new IllegalArgumentException("unknown target " + t + " (connector, connector-epoll, nats, mqtt, naive)");
            }
        }
        return a;
    }

    /** Warm-up blocks at a rate: {@link #warmupSeconds} of it, and no fewer than {@link #warmupMinBlocks} (none when 0 s). */
    int warmupBlocks(int rate) {
        return warmupSeconds == 0 ? 0 : Math.max(rate * warmupSeconds, warmupMinBlocks);
    }

    /** Pre-warm blocks (at {@link #prewarmRate()}): none when warm-up is off (the memory runs). */
    int prewarmBlocks() {
        return warmupSeconds == 0 ? 0 : prewarmBlocks;
    }

    int prewarmRate() {
        return rates.stream().mapToInt(Integer::intValue).max().orElse(1);
    }

    private static List<Integer> ints(String csv) {
        List<Integer> out = new ArrayList<>();
        for (String r : csv.split(",")) {
            out.add(Integer.parseInt(r.trim()));
        }
        return out;
    }
}
