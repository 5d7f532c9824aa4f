package dev.roomcast.loadgen.measure;

import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.DataFormatException;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Publish-to-render latency histograms (milliseconds) by class: "immediate" vs "normal" by the
 * message's priority, and one per message type. Recorded from many I/O threads at once; merged
 * across worker processes through their compressed encoding.
 */
public final class LatencyBook {

    private static final long MAX_MILLIS = 600_000;

    private final Map<String, Histogram> byClass = new ConcurrentHashMap<>();

    public void record(String latencyClass, long millis) {
        histogram(latencyClass).recordValue(Math.max(0, Math.min(MAX_MILLIS, millis)));
    }

    public Histogram histogram(String latencyClass) {
        return byClass.computeIfAbsent(latencyClass, k -> new ConcurrentHistogram(MAX_MILLIS, 3));
    }

    public Map<String, Histogram> snapshot() {
        return new TreeMap<>(byClass);
    }

    public void merge(LatencyBook other) {
        other.byClass.forEach((k, h) -> histogram(k).add(h));
    }

    public JsonObject toJson() {
        JsonObject out = new JsonObject();
        byClass.forEach((k, h) -> {
            Histogram copy = h.copy();
            ByteBuffer buffer = ByteBuffer.allocate(copy.getNeededByteBufferCapacity());
            int n = copy.encodeIntoCompressedByteBuffer(buffer);
            out.put(k, Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buffer.array(), n)));
        });
        return out;
    }

    public static LatencyBook fromJson(JsonObject json) {
        LatencyBook book = new LatencyBook();
        for (String k : json.fieldNames()) {
            try {
                byte[] bytes = Base64.getDecoder().decode(json.getString(k));
                book.histogram(k).add(Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(bytes), 0));
            } catch (DataFormatException e) {
                throw new IllegalArgumentException("bad histogram for " + k, e);
            }
        }
        return book;
    }

    /** p50/p99/p999/max and count of one class, as the report prints them. */
    public static JsonObject summary(Histogram h) {
        return new JsonObject()
                .put("count", h.getTotalCount())
                .put("p50Ms", h.getValueAtPercentile(50))
                .put("p99Ms", h.getValueAtPercentile(99))
                .put("p999Ms", h.getValueAtPercentile(99.9))
                .put("maxMs", h.getMaxValue());
    }
}
