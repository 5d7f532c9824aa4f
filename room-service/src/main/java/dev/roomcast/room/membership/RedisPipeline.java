package dev.roomcast.room.membership;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Adaptive pipelining of hot-path Redis commands (join, leave, msgId). A command goes out at once
 * while fewer than {@link #MAX_IN_FLIGHT} batches are in flight; under load the queue fills while
 * batches are out, and the next batch carries everything that waited. Latency stays one round trip
 * when quiet, throughput grows with load. The queue is bounded: beyond it a command fails with
 * {@link Overloaded} (counted), never blocks.
 */
@ApplicationScoped
public class RedisPipeline {

    static final int MAX_IN_FLIGHT = 4;
    static final int MAX_BATCH = 512;
    static final int MAX_QUEUED = 50_000;

    private final Redis redis;
    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Counter rejected;
    private final Counter batches;

    public RedisPipeline(Redis redis, MeterRegistry registry) {
        this.redis = redis;
        this.rejected = Counter.builder("roomcast_redis_pipeline_rejected_total")
                .description("Redis commands refused because the pipeline queue was full").register(registry);
        this.batches = Counter.builder("roomcast_redis_pipeline_batches_total")
                .description("Redis batches sent").register(registry);
    }

    /** Thrown when the pipeline queue is full: the caller answers "overloaded, retry". */
    public static final class Overloaded extends RuntimeException {
        Overloaded() {
            super("redis pipeline full", null, false, false);
        }
    }

    public Uni<Response> send(Request request) {
        return Uni.createFrom().emitter(emitter -> {
            if (queued.incrementAndGet() > MAX_QUEUED) {
                queued.decrementAndGet();
                rejected.increment();
                emitter.fail(new Overloaded());
                return;
            }
            queue.add(new Pending(request, emitter));
            flush();
        });
    }

    private void flush() {
        while (!queue.isEmpty()) {
            if (inFlight.incrementAndGet() > MAX_IN_FLIGHT) {
                inFlight.decrementAndGet();
                return;
            }
            List<Pending> batch = new ArrayList<>(Math.min(queued.get(), MAX_BATCH));
            Pending p;
            while (batch.size() < MAX_BATCH && (p = queue.poll()) != null) {
                batch.add(p);
            }
            queued.addAndGet(-batch.size());
            if (batch.isEmpty()) {
                inFlight.decrementAndGet();
                continue;
            }
            send(batch);
        }
    }

    private void send(List<Pending> batch) {
        batches.increment();
        List<Request> requests = new ArrayList<>(batch.size());
        for (Pending p : batch) {
            requests.add(p.request);
        }
        redis.batch(requests).subscribe().with(responses -> {
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).emitter.complete(responses.get(i));
            }
            done();
        }, failure -> {
            // A batch fails as a whole (connection lost, or one command's error): each caller sees it.
            for (Pending pending : batch) {
                pending.emitter.fail(failure);
            }
            done();
        });
    }

    private void done() {
        inFlight.decrementAndGet();
        flush();
    }

    private record Pending(Request request, UniEmitter<? super Response> emitter) {
    }
}
