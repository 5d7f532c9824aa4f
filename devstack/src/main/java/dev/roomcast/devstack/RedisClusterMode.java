package dev.roomcast.devstack;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit extension active in the {@code redis-cluster} test executions (registered by service loader,
 * switched on there with {@code junit.jupiter.extensions.autodetection.enabled}). Two jobs:
 * <ul>
 *   <li>skips every test, printing why, when no Redis Cluster answers (a machine with only a JDK);</li>
 *   <li>after each test class, fails it if the service log (system property {@code roomcast.test.log-file},
 *       which {@link RoomcastServersResource} has Quarkus write in cluster mode) gained a Redis error line:
 *       CROSSSLOT and the other server error replies must never appear against a cluster.</li>
 * </ul>
 */
public class RedisClusterMode implements ExecutionCondition, AfterAllCallback {

    public static final String LOG_FILE_PROPERTY = "roomcast.test.log-file";
    /** Redis error replies that mean a command was wrong for the cluster (or at all). */
    public static final Pattern REDIS_ERROR = Pattern.compile(
            "CROSSSLOT|WRONGTYPE|\\bERR\\b|NOSCRIPT|\\bMOVED \\d|\\bASK \\d|client side resharding");
    /**
     * The client's own report of a lost connection ("ERR [0] CONNECTION_CLOSED" or "ERR [0] ...ClosedChannelException",
     * when a node stops): not a command the cluster refused, like "Failed to connect", which the failover test
     * causes on purpose.
     */
    public static final Pattern CONNECTION_LOST = Pattern.compile(
            "CONNECTION_CLOSED|ClosedChannelException|Connection reset");

    private static volatile String reason;
    private static volatile boolean checked;
    private static final java.util.Map<Path, Long> scanned = new java.util.HashMap<>();

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (!RedisCluster.clusterMode()) {
            return ConditionEvaluationResult.enabled("standalone Redis mode");
        }
        synchronized (RedisClusterMode.class) {
            if (!checked) {
                reason = RedisCluster.unavailableReason();
                checked = true;
                if (reason != null) {
                    System.out.println("[roomcast] Redis Cluster tests skipped: " + reason);
                } else {
                    System.out.println("[roomcast] running against Redis Cluster " + RedisCluster.seeds());
                }
            }
        }
        return reason == null ? ConditionEvaluationResult.enabled("Redis Cluster answers")
                : ConditionEvaluationResult.disabled("Redis Cluster tests skipped: " + reason);
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        String file = System.getProperty(LOG_FILE_PROPERTY);
        if (!RedisCluster.clusterMode() || reason != null || file == null) {
            return;
        }
        List<String> errors = newRedisErrors(Path.of(file));
        if (!errors.isEmpty()) {
            throw new AssertionError("Redis errors in the service log " + file + " during "
                    + context.getDisplayName() + ":\n" + String.join("\n", errors));
        }
    }

    /** Lines of {@code file} matching {@link #REDIS_ERROR} written since the previous call for that file. */
    public static synchronized List<String> newRedisErrors(Path file) throws IOException {
        List<String> errors = new ArrayList<>();
        if (!Files.exists(file)) {
            return errors;
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long length = raf.length();
            long from = scanned.getOrDefault(file, 0L);
            if (length < from) {
                from = 0;   // rotated or truncated
            }
            raf.seek(from);
            byte[] bytes = new byte[(int) (length - from)];
            raf.readFully(bytes);
            scanned.put(file, length);
            for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
                if (REDIS_ERROR.matcher(line).find() && !CONNECTION_LOST.matcher(line).find()) {
                    errors.add(line);
                }
            }
        }
        return errors;
    }
}
