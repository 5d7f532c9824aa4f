package dev.roomcast.connector.mode;

import dev.roomcast.connector.config.ConnectorConfig;
import dev.roomcast.connector.metrics.ConnectorMetrics;
import jakarta.inject.Singleton;

/**
 * The highest of: authenticated connections / capacity, outbound bytes per second / capacity (both read
 * from {@link ConnectorMetrics}). An operator (or a test) may impose a simulated value instead through
 * {@code POST /admin/pressure}; clearing it returns to the measurement.
 */
@Singleton
public class MeasuredPressure implements PressureSource {

    private final ConnectorMetrics metrics;
    private final long connectionsCapacity;
    private final long bytesPerSecondCapacity;
    private long lastBytes = -1;
    private long lastAtMillis;
    private double lastBytesRatio;
    private volatile Double simulated;

    MeasuredPressure(ConnectorMetrics metrics, ConnectorConfig config) {
        this.metrics = metrics;
        this.connectionsCapacity = Math.max(1, config.delivery().pressure().connectionsCapacity());
        this.bytesPerSecondCapacity = Math.max(1, config.delivery().pressure().outboundBytesPerSecondCapacity());
    }

    /** Imposes a pressure (null = measure again). */
    public void simulate(Double ratio) {
        this.simulated = ratio;
    }

    public Double simulated() {
        return simulated;
    }

    @Override
    public synchronized double pressure(long nowMillis) {
        Double fixed = simulated;
        if (fixed != null) {
            return fixed;
        }
        long bytes = metrics.bytesWrittenTotal();
        if (lastBytes >= 0 && nowMillis > lastAtMillis) {
            double perSecond = (bytes - lastBytes) * 1000.0 / (nowMillis - lastAtMillis);
            lastBytesRatio = perSecond / bytesPerSecondCapacity;
        }
        lastBytes = bytes;
        lastAtMillis = nowMillis;
        double connections = (double) metrics.authenticatedConnections() / connectionsCapacity;
        return Math.max(connections, lastBytesRatio);
    }
}
