package dev.roomcast.mailbox.poll;

import dev.roomcast.mailbox.hot.HotCache;
import dev.roomcast.mailbox.hot.HotSnapshot;
import dev.roomcast.mailbox.hot.HotWindowLoader;
import dev.roomcast.mailbox.timeline.MessageMapper;
import dev.roomcast.proto.v1.Message;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Short polling (vivo): everything after the cursor that is still in the room's hot window. Never a
 * scan: a cursor below the window's floor or above its head is clamped (and the answer says so); a cold
 * window is rebuilt from PostgreSQL with one bounded query, shared by concurrent pollers.
 */
@ApplicationScoped
public class PollService {

    /** Buckets of the poll duration histogram. */
    private static final Duration[] POLL_BUCKETS = java.util.stream.LongStream.of(1, 2, 5, 10, 20, 50, 100, 200, 500,
            1000, 2000, 5000).mapToObj(Duration::ofMillis).toArray(Duration[]::new);

    private final HotCache cache;
    private final HotWindowLoader loader;
    private final RoomSizeSource sizes;
    private final PollIntervalPolicy intervals;
    private final Clock clock;
    private final Counter hits;
    private final Counter misses;
    private final Counter clampedOld;
    private final Counter clampedFuture;
    private final Counter heldBack;
    private final Timer duration;

    public PollService(HotCache cache, HotWindowLoader loader, RoomSizeSource sizes, PollIntervalPolicy intervals,
            Clock clock, MeterRegistry registry) {
        this.cache = cache;
        this.loader = loader;
        this.sizes = sizes;
        this.intervals = intervals;
        this.clock = clock;
        this.hits = Counter.builder("mailbox.poll").tag("cache", "hit").register(registry);
        this.misses = Counter.builder("mailbox.poll").tag("cache", "miss").register(registry);
        this.clampedOld = Counter.builder("mailbox.poll.clamped").tag("reason", "older_than_window").register(registry);
        this.clampedFuture = Counter.builder("mailbox.poll.clamped").tag("reason", "future").register(registry);
        this.heldBack = Counter.builder("mailbox.poll.held.back")
                .description("Polls answered below an append still on its way (newer stored messages held for the next poll)")
                .register(registry);
        io.micrometer.core.instrument.Gauge.builder("mailbox.poll.load.factor", intervals, PollIntervalPolicy::loadFactor)
                .description("Multiplier of the poll tier interval from this instance's poll rate (1 = not loaded)")
                .register(registry);
        io.micrometer.core.instrument.Gauge.builder("mailbox.poll.rate", intervals, p -> p.load().perSecond())
                .description("Poll requests per second on this instance").register(registry);
        // Fixed buckets (not client-side percentiles): a benchmark takes the p99 of a phase from two scrapes'
        // bucket counts, and several instances' buckets add up.
        this.duration = Timer.builder("mailbox.poll.duration")
                .description("Time to answer a poll request, computed or shared (hot window read or rebuild)")
                .serviceLevelObjectives(POLL_BUCKETS).register(registry);
    }

    /**
     * Counts and times one poll request however it is answered: computed by {@link #poll} or shared with
     * other pollers (the REST API's shared answers). Both the rate and the histogram are of requests.
     */
    public <T> Uni<T> measured(java.util.function.Supplier<Uni<T>> answer) {
        intervals.polled();
        long start = System.nanoTime();
        return answer.get().onTermination().invoke(() -> duration.record(System.nanoTime() - start,
                java.util.concurrent.TimeUnit.NANOSECONDS));
    }

    /** Computes a poll's answer from the room's hot window (call through {@link #measured}); priority selection. */
    public Uni<PollResult> poll(String roomId, long cursor, int limit) {
        return poll(roomId, cursor, limit, false);
    }

    /**
     * Computes a poll's answer from the room's hot window (call through {@link #measured}). When more than
     * {@code limit} messages wait: {@code catchUp} answers the oldest {@code limit} with the cursor after the last
     * of them (the next poll goes on from there: nothing is skipped while the backlog is in the window), else the
     * highest-priority newest with the cursor at the head (a viewer that cannot keep up sees what matters most).
     */
    public Uni<PollResult> poll(String roomId, long cursor, int limit, boolean catchUp) {
        long start = System.nanoTime();
        Uni<Long> online = sizes.online(roomId).onFailure().recoverWithItem(-1L);
        return Uni.combine().all().unis(window(roomId, cursor), online)
                .with((snap, count) -> answer(snap, cursor, limit, catchUp, intervals.intervalMillis(count)))
                .onTermination().invoke(() -> intervals.answered(System.nanoTime() - start));
    }

    private Uni<HotSnapshot> window(String roomId, long cursor) {
        int count = cache.windowCount();
        return cache.read(roomId, cursor, count).chain(snap -> {
            if (snap.warm()) {
                hits.increment();
                return Uni.createFrom().item(snap);
            }
            misses.increment();
            return loader.rebuild(roomId).chain(() -> cache.read(roomId, cursor, count));
        });
    }

    private PollResult answer(HotSnapshot snap, long cursor, int limit, boolean catchUp, int intervalMs) {
        if (cursor > snap.headMsgId()) {
            clampedFuture.increment();
            return new PollResult(List.of(), snap.headMsgId(), intervalMs, true);
        }
        boolean clamped = cursor > 0 && cursor < snap.floor();
        if (clamped) {
            clampedOld.increment();
        }
        long from = Math.max(cursor, snap.floor());
        long now = clock.millis();
        // Below an append still on its way only: the next poll asks from here and gets it once it is stored.
        long settled = snap.pendingFrom() == Long.MAX_VALUE ? Long.MAX_VALUE : snap.pendingFrom() - 1;
        List<Message> candidates = new ArrayList<>(snap.newestFirst().size());
        for (Message m : snap.newestFirst()) {
            if (m.getMsgId() > from && m.getMsgId() <= settled && MessageMapper.expireAtMs(m) > now) {
                candidates.add(m);
            }
        }
        if (settled < snap.headMsgId()) {
            heldBack.increment();
        }
        long next = Math.max(from, Math.min(settled, snap.headMsgId()));
        if (catchUp && candidates.size() > limit) {
            // Newest first: the oldest `limit` are the tail; answered in msgId order, the cursor after the last.
            List<Message> oldest = new ArrayList<>(candidates.subList(candidates.size() - limit, candidates.size()));
            java.util.Collections.reverse(oldest);
            return new PollResult(oldest, oldest.get(oldest.size() - 1).getMsgId(), intervalMs, clamped);
        }
        return new PollResult(PrioritySelector.select(candidates, limit), next, intervalMs, clamped);
    }
}
