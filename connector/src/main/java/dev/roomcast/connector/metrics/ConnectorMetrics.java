package dev.roomcast.connector.metrics;

import dev.roomcast.proto.v1.ErrorCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/** Every connector meter in one place, so names and tags stay consistent. */
@Singleton
public class ConnectorMetrics {

    public enum DropReason { QUEUE_FULL, CLOSED }

    private final MeterRegistry registry;
    private final Map<String, AtomicLong> connections = new ConcurrentHashMap<>();
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final LongAdder framesWritten = new LongAdder();
    private final LongAdder bytesWritten = new LongAdder();
    private final LongAdder compactFramesWritten = new LongAdder();
    private final LongAdder fanOutFlushes = new LongAdder();
    private final AtomicLong queueHighWater = new AtomicLong();
    private final Counter framesEncoded;
    private final Timer fanOutLatency;

    public ConnectorMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (String transport : new String[] {"ws", "tcp"}) {
            for (String auth : new String[] {"true", "false"}) {
                AtomicLong value = new AtomicLong();
                connections.put(transport + auth, value);
                Gauge.builder("roomcast.connector.connections", value, AtomicLong::get)
                        .tag("transport", transport).tag("authenticated", auth)
                        .description("open client connections").register(registry);
            }
        }
        Gauge.builder("roomcast.connector.frames.written", framesWritten, LongAdder::sum)
                .description("frames written to connections (a block to N members counts N)").register(registry);
        Gauge.builder("roomcast.connector.bytes.written", bytesWritten, LongAdder::sum)
                .baseUnit("bytes").description("frame bytes written to connections").register(registry);
        Gauge.builder("roomcast.connector.compact.frames.written", compactFramesWritten, LongAdder::sum)
                .description("of the frames written, blocks in the compact payload form (negotiated at Auth)")
                .register(registry);
        FunctionCounter.builder("roomcast.connector.fanout.flushes", fanOutFlushes, LongAdder::sum)
                .description("connection flushes by the fan-out (frames.written over this = frames per flush: "
                        + "above 1 when blocks that came while the loop was busy share a flush)")
                .register(registry);
        Gauge.builder("roomcast.connector.queue.high.water", queueHighWater, AtomicLong::get)
                .baseUnit("bytes").description("largest outbound queue seen on one connection").register(registry);
        framesEncoded = Counter.builder("roomcast.connector.frames.encoded")
                .description("server frames wrapped for the wire (once per push, whatever the member count)")
                .register(registry);
        fanOutLatency = Timer.builder("roomcast.connector.fanout.latency")
                .description("from a push's arrival to the last member write queued")
                .publishPercentiles(0.5, 0.99).register(registry);
    }

    public void gaugeMcasts(Supplier<Number> mcasts) {
        Gauge.builder("roomcast.connector.mcasts", mcasts).description("local mcasts with members").register(registry);
    }

    public void connectionOpened(String transport) {
        connections.get(transport + "false").incrementAndGet();
    }

    public void authenticated(String transport) {
        connections.get(transport + "false").decrementAndGet();
        connections.get(transport + "true").incrementAndGet();
    }

    public void connectionClosed(String transport, boolean authenticated) {
        connections.get(transport + authenticated).decrementAndGet();
    }

    public void written(int frames, long bytes) {
        framesWritten.add(frames);
        bytesWritten.add(bytes);
    }

    /** The fan-out flushed this many connections (each carrying one or more frames it had written). */
    public void flushed(int connections) {
        fanOutFlushes.add(connections);
    }

    /** Connection flushes by the fan-out since start. */
    public long flushesTotal() {
        return fanOutFlushes.sum();
    }

    /** Frames written to connections since start (a block to N members counts N). */
    public long framesWrittenTotal() {
        return framesWritten.sum();
    }

    /** Of the frames just {@link #written}, this many carried the compact payload form. */
    public void writtenCompact(int frames) {
        compactFramesWritten.add(frames);
    }

    /** A pushed block, by the payload forms it came with (plain only, or plain and compact). */
    public void blockPushed(boolean withCompact) {
        counter("roomcast.connector.blocks.pushed", "forms", withCompact ? "plain_and_compact" : "plain").increment();
    }

    public void queueSeen(long pendingBytes) {
        long high = queueHighWater.get();
        while (pendingBytes > high && !queueHighWater.compareAndSet(high, pendingBytes)) {
            high = queueHighWater.get();
        }
    }

    /** Authenticated connections now (both transports). */
    public long authenticatedConnections() {
        return connections.get("wstrue").get() + connections.get("tcptrue").get();
    }

    /** Frame bytes written since start (a rate is the difference of two reads). */
    public long bytesWrittenTotal() {
        return bytesWritten.sum();
    }

    public void encoded() {
        framesEncoded.increment();
    }

    public double encodedCount() {
        return framesEncoded.count();
    }

    public void fanOut(long nanos) {
        fanOutLatency.record(nanos, TimeUnit.NANOSECONDS);
    }

    public void dropped(DropReason reason, int count) {
        counter("roomcast.connector.drops", "reason", reason.name().toLowerCase()).increment(count);
    }

    public void closed(ErrorCode code) {
        counter("roomcast.connector.closes", "code", code.name()).increment();
    }

    public void error(ErrorCode code) {
        counter("roomcast.connector.errors", "code", code.name()).increment();
    }

    public void refreshed() {
        counter("roomcast.connector.token.refreshes", "result", "accepted").increment();
    }

    public void refreshAsked() {
        counter("roomcast.connector.token.refreshes", "result", "asked").increment();
    }

    public void backendFailure(String call) {
        counter("roomcast.connector.backend.failures", "call", call).increment();
    }

    private Counter counter(String name, String tag, String value) {
        return counters.computeIfAbsent(name + '|' + value,
                k -> Counter.builder(name).tag(tag, value).register(registry));
    }
}
