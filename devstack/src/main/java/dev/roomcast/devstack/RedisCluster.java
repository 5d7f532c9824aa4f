package dev.roomcast.devstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The Redis Cluster the tests run against in cluster mode: system property {@code roomcast.test.redis-mode=cluster}
 * (set by the {@code redis-cluster} test executions) with the seed nodes from env
 * {@code ROOMCAST_TEST_REDIS_CLUSTER} (default the three masters {@code devstack/redis-cluster.sh} starts,
 * 127.0.0.1:7001-7003). Where none answers, cluster-mode tests are skipped with the reason printed.
 */
public final class RedisCluster {

    public static final String MODE_PROPERTY = "roomcast.test.redis-mode";
    public static final String SEEDS_ENV = "ROOMCAST_TEST_REDIS_CLUSTER";
    public static final String DEFAULT_SEEDS = "redis://127.0.0.1:7001,redis://127.0.0.1:7002,redis://127.0.0.1:7003";

    private RedisCluster() {
    }

    /** True in the test executions that run against Redis Cluster. */
    public static boolean clusterMode() {
        return "cluster".equalsIgnoreCase(System.getProperty(MODE_PROPERTY, ""));
    }

    /** Comma-separated seed URIs, the form {@code quarkus.redis.hosts} takes. */
    public static String seeds() {
        String env = System.getenv(SEEDS_ENV);
        return env == null || env.isBlank() ? DEFAULT_SEEDS : env.trim();
    }

    public static List<URI> seedUris() {
        return Arrays.stream(seeds().split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(URI::create).toList();
    }

    /** Null when a seed answers {@code cluster_state:ok}; else why not (for the skip message). */
    public static String unavailableReason() {
        StringBuilder why = new StringBuilder();
        for (URI seed : seedUris()) {
            String info = call(seed.getHost(), seed.getPort(), "CLUSTER", "INFO");
            if (info != null && info.contains("cluster_state:ok")) {
                return null;
            }
            why.append(seed).append(info == null ? " unreachable; " : " not a healthy cluster node; ");
        }
        return "no Redis Cluster answers (" + why.toString().trim() + " set " + SEEDS_ENV
                + " or run devstack/redis-cluster.sh start target/redis-cluster)";
    }

    /** A node of the cluster as {@code CLUSTER NODES} lists it. */
    public record Node(String id, String host, int port, boolean master, String masterId, List<int[]> slots) {

        public boolean holds(int slot) {
            return slots.stream().anyMatch(r -> slot >= r[0] && slot <= r[1]);
        }
    }

    /** Every node the first answering seed knows (empty when none answers). */
    public static List<Node> nodes() {
        for (URI seed : seedUris()) {
            String text = call(seed.getHost(), seed.getPort(), "CLUSTER", "NODES");
            if (text == null || text.startsWith("-")) {
                continue;
            }
            List<Node> nodes = new java.util.ArrayList<>();
            for (String line : text.split("\n")) {
                String[] f = line.trim().split(" ");
                if (f.length < 8 || f[2].contains("fail") || f[2].contains("handshake") || f[2].contains("noaddr")) {
                    continue;
                }
                String addr = f[1].substring(0, f[1].indexOf('@') > 0 ? f[1].indexOf('@') : f[1].length());
                int colon = addr.lastIndexOf(':');
                List<int[]> slots = new java.util.ArrayList<>();
                for (int i = 8; i < f.length; i++) {
                    if (f[i].startsWith("[")) {
                        continue;   // a slot being migrated
                    }
                    String[] range = f[i].split("-");
                    int lo = Integer.parseInt(range[0]);
                    slots.add(new int[] {lo, range.length > 1 ? Integer.parseInt(range[1]) : lo});
                }
                nodes.add(new Node(f[0], addr.substring(0, colon), Integer.parseInt(addr.substring(colon + 1)),
                        f[2].contains("master"), f[3], slots));
            }
            return nodes;
        }
        return List.of();
    }

    /** The hash slot of a key, as the cluster computes it. */
    public static int keySlot(String key) {
        URI seed = seedUris().get(0);
        String reply = call(seed.getHost(), seed.getPort(), "CLUSTER", "KEYSLOT", key);
        if (reply == null || !reply.startsWith(":")) {
            throw new IllegalStateException("CLUSTER KEYSLOT answered " + reply);
        }
        return Integer.parseInt(reply.substring(1).trim());
    }

    /** One RESP command, the raw reply as text (null if unreachable). Enough for INFO-style answers. */
    public static String call(String host, int port, String... args) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 500);
            s.setSoTimeout(3000);
            OutputStream out = s.getOutputStream();
            StringBuilder b = new StringBuilder("*").append(args.length).append("\r\n");
            for (String a : args) {
                b.append('$').append(a.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(a).append("\r\n");
            }
            out.write(b.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[65536];
            int n = in.read(buf);
            if (n <= 0) {
                return null;
            }
            String reply = new String(buf, 0, n, StandardCharsets.UTF_8);
            if (reply.startsWith("$")) {
                // Bulk string: read the announced length in full.
                int len = Integer.parseInt(reply.substring(1, reply.indexOf("\r\n")));
                int header = reply.indexOf("\r\n") + 2;
                int want = header + len + 2;
                while (n < want && n < buf.length) {
                    int more = in.read(buf, n, buf.length - n);
                    if (more <= 0) {
                        break;
                    }
                    n += more;
                }
                reply = new String(buf, header, Math.max(0, Math.min(n, header + len) - header), StandardCharsets.UTF_8);
            }
            return reply;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
