package dev.roomcast.loadgen.measure;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the viewers of one process observed: counters plus latency histograms. Workers send theirs
 * to the parent as JSON, the parent merges.
 */
public final class FleetStats {

    /** Counter names, in report order. */
    public static final String[] COUNTERS = {
        "connected", "connectFailures", "viewersJoined", "joins", "joinFailures", "churns", "blocks", "delivered",
        "wireBytes", "uncompressedBytes", "compressedBlocks", "sampleWireBytes", "sampleJsonBytes",
        "sampleMessages", "giftsToAnchor", "decodeErrors", "reconnects", "appDuplicates",
    };

    private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    public final LatencyBook latency = new LatencyBook();

    public FleetStats() {
        for (String c : COUNTERS) {
            counters.put(c, new LongAdder());
        }
    }

    public void add(String counter, long n) {
        counters.computeIfAbsent(counter, k -> new LongAdder()).add(n);
    }

    /** A counter read off elsewhere (a sum of the clients' own statistics): replaces its value. */
    public void set(String counter, long value) {
        LongAdder a = counters.computeIfAbsent(counter, k -> new LongAdder());
        a.reset();
        a.add(value);
    }

    public void error(int code) {
        errors.computeIfAbsent(Integer.toString(code), k -> new LongAdder()).increment();
    }

    public long get(String counter) {
        LongAdder a = counters.get(counter);
        return a == null ? 0 : a.sum();
    }

    public Map<String, Long> errors() {
        Map<String, Long> out = new TreeMap<>();
        errors.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    public void merge(FleetStats other) {
        other.counters.forEach((k, v) -> add(k, v.sum()));
        other.errors.forEach((k, v) -> errors.computeIfAbsent(k, x -> new LongAdder()).add(v.sum()));
        latency.merge(other.latency);
    }

    public JsonObject toJson() {
        JsonObject c = new JsonObject();
        counters.forEach((k, v) -> c.put(k, v.sum()));
        JsonObject e = new JsonObject();
        errors().forEach(e::put);
        return new JsonObject().put("counters", c).put("errors", e).put("latency", latency.toJson());
    }

    public static FleetStats fromJson(JsonObject json) {
        FleetStats s = new FleetStats();
        JsonObject c = json.getJsonObject("counters", new JsonObject());
        c.fieldNames().forEach(k -> s.add(k, c.getLong(k)));
        JsonObject e = json.getJsonObject("errors", new JsonObject());
        e.fieldNames().forEach(k -> s.errors.computeIfAbsent(k, x -> new LongAdder()).add(e.getLong(k)));
        s.latency.merge(LatencyBook.fromJson(json.getJsonObject("latency", new JsonObject())));
        return s;
    }
}
