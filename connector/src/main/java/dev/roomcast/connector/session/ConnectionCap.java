package dev.roomcast.connector.session;

import dev.roomcast.connector.config.ConnectorConfig;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import org.jboss.logging.Logger;

/**
 * How many client connections this process may hold: the configured maximum, but never so many that
 * the process runs out of file descriptors. A connector at its open-file limit cannot open a socket to
 * room-service any more (seen: 20,000 viewers against a 20,000-descriptor limit; every join and lease
 * renewal timed out while room-service sat idle), so {@code reserved-file-descriptors} are kept for
 * gRPC channels, jars and logs, and clients beyond the cap get CONNECTION_LIMIT at once.
 */
final class ConnectionCap {

    private static final Logger LOG = Logger.getLogger(ConnectionCap.class);

    private ConnectionCap() {
    }

    static int of(ConnectorConfig config) {
        long fdLimit = openFileLimit();
        int configured = config.maxConnections();
        if (fdLimit <= 0) {
            return configured;
        }
        long byFds = Math.max(1, fdLimit - config.reservedFileDescriptors());
        int cap = (int) Math.min(configured, byFds);
        if (cap < configured) {
            LOG.infof("client connections capped at %d: open-file limit %d, %d kept for backends and files "
                    + "(max-connections %d; raise the limit with ulimit -n)", cap, fdLimit, config.reservedFileDescriptors(),
                    configured);
        }
        return cap;
    }

    private static long openFileLimit() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            return unix.getMaxFileDescriptorCount();
        }
        return -1;
    }
}
