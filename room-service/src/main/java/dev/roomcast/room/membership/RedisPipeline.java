package dev.roomcast.room.membership;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.impl.RequestImpl;
import io.vertx.redis.client.impl.ZModem;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Adaptive pipelining of hot-path Redis commands (join, leave, msgId). A command goes out at once
 * while fewer than {@link #MAX_IN_FLIGHT} batches are in flight; under load the queue fills while
 * batches are out, and the next batch carries everything that waited. Latency stays one round trip
 * when quiet, throughput grows with load. The queue is bounded: beyond it a command fails with
 * {@link Overloaded} (counted), never blocks.
 *
 * <p>Against Redis Cluster a batch may only carry keys of one hash slot (the client refuses others
 * with CROSSSLOT), so there a drained batch is split by the slot of each command's keys and the
 * groups go out side by side; a batch still counts as one in flight until all its groups answered.
 */
@ApplicationScoped
public class RedisPipeline {

    static final int MAX_IN_FLIGHT = 4;
    static final int MAX_BATCH = 512;
    static final int MAX_QUEUED = 50_000;

    private final Redis redis;
    private final boolean cluster;
    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Counter rejected;
    private final Counter batches;

    public RedisPipeline(Redis redis, MeterRegistry registry,
                         @ConfigProperty(name = "quarkus.redis.client-type", defaultValue = "standalone") String clientType) {
        this.redis = redis;
        this.cluster = "cluster".equalsIgnoreCase(clientType);
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
        if (!cluster) {
            sendGroup(batch, this::done);
            return;
        }
        Map<Integer, List<Pending>> bySlot = new LinkedHashMap<>();
        for (Pending p : batch) {
            bySlot.computeIfAbsent(slotOf(p.request), s -> new ArrayList<>()).add(p);
        }
        AtomicInteger open = new AtomicInteger(bySlot.size());
        Runnable groupDone = () -> {
            if (open.decrementAndGet() == 0) {
                done();
            }
        };
        bySlot.values().forEach(group -> sendGroup(group, groupDone));
    }

    private void sendGroup(List<Pending> group, Runnable done) {
        List<Request> requests = new ArrayList<>(group.size());
        for (Pending p : group) {
            requests.add(p.request);
        }
        redis.batch(requests).subscribe().with(responses -> {
            for (int i = 0; i < group.size(); i++) {
                group.get(i).emitter.complete(responses.get(i));
            }
            done.run();
        }, failure -> {
            // A batch fails as a whole (connection lost, or one command's error): each caller sees it.
            for (Pending pending : group) {
                pending.emitter.fail(failure);
            }
            done.run();
        });
    }

    /** The Cluster slot of a command's first key (-1 for a keyless one, which may go with any group). */
    static int slotOf(Request request) {
        List<byte[]> keys = ((RequestImpl) request.getDelegate()).keys();
        return keys.isEmpty() ? -1 : ZModem.generate(keys.get(0));
    }

    private void done() {
        inFlight.decrementAndGet();
        flush();
    }

    private record Pending(Request request, UniEmitter<? super Response> emitter) {
    }
}
