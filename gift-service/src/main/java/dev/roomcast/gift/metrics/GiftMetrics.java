package dev.roomcast.gift.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/** Every counter of the gift channel in one place, so the README's metric list matches the code. */
@ApplicationScoped
public class GiftMetrics {

    private final Counter sent;
    private final Counter duplicates;
    private final Counter pushed;
    private final Counter repushed;
    private final Counter pushUndelivered;
    private final Counter pushFailed;
    private final Counter acked;
    private final Counter pulled;
    private final Counter published;
    private final Counter publishFailed;
    private final Counter pendingOverflow;
    private final Counter abandoned;
    private final Timer timeToAck;

    GiftMetrics(MeterRegistry registry) {
        sent = registry.counter("roomcast.gift.sent");
        duplicates = registry.counter("roomcast.gift.sent.duplicate");
        pushed = registry.counter("roomcast.gift.pushed");
        repushed = registry.counter("roomcast.gift.repushed");
        pushUndelivered = registry.counter("roomcast.gift.push.undelivered");
        pushFailed = registry.counter("roomcast.gift.push.failed");
        acked = registry.counter("roomcast.gift.acked");
        pulled = registry.counter("roomcast.gift.pulled");
        published = registry.counter("roomcast.gift.published");
        publishFailed = registry.counter("roomcast.gift.publish.failed");
        pendingOverflow = registry.counter("roomcast.gift.pending.overflow");
        abandoned = registry.counter("roomcast.gift.repush.abandoned");
        timeToAck = Timer.builder("roomcast.gift.time.to.ack")
                .description("From recording a gift to the anchor's first acknowledgement covering it")
                .publishPercentiles(0.5, 0.9, 0.99)
                .publishPercentileHistogram()
                .register(registry);
        Gauge.builder("roomcast.gift.delivery.ratio", this, GiftMetrics::deliveryRatio)
                .description("Gifts acknowledged by anchors / gifts recorded, on this instance since start")
                .register(registry);
    }

    public void sent() {
        sent.increment();
    }

    public void duplicate() {
        duplicates.increment();
    }

    public void pushed(int gifts, boolean repush) {
        (repush ? repushed : pushed).increment(gifts);
    }

    public void pushUndelivered() {
        pushUndelivered.increment();
    }

    public void pushFailed() {
        pushFailed.increment();
    }

    public void acked(long nowMs, Iterable<Long> createdAtMs) {
        for (long created : createdAtMs) {
            acked.increment();
            timeToAck.record(Duration.ofMillis(Math.max(0, nowMs - created)));
        }
    }

    public void pulled(int gifts) {
        pulled.increment(gifts);
    }

    public void published() {
        published.increment();
    }

    public void publishFailed() {
        publishFailed.increment();
    }

    public void pendingOverflow() {
        pendingOverflow.increment();
    }

    public void abandoned() {
        abandoned.increment();
    }

    public Timer timeToAck() {
        return timeToAck;
    }

    public double repushedCount() {
        return repushed.count();
    }

    double deliveryRatio() {
        double s = sent.count();
        return s == 0 ? 1.0 : acked.count() / s;
    }
}
