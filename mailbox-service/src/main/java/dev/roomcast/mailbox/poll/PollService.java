package dev.roomcast.mailbox.poll;

import dev.roomcast.mailbox.hot.HotCache;
import dev.roomcast.mailbox.hot.HotSnapshot;
import dev.roomcast.mailbox.hot.HotWindowLoader;
import dev.roomcast.mailbox.timeline.MessageMapper;
import dev.roomcast.proto.v1.Message;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Short polling (vivo): everything after the cursor that is still in the room's hot window. Never a
 * scan: a cursor below the window's floor or above its head is clamped (and the answer says so); a cold
 * window is rebuilt from PostgreSQL with one bounded query, shared by concurrent pollers.
 */
@ApplicationScoped
public class PollService {

    private final HotCache cache;
    private final HotWindowLoader loader;
    private final RoomSizeSource sizes;
    private final PollIntervalPolicy intervals;
    private final Clock clock;
    private final Counter hits;
    private final Counter misses;
    private final Counter clampedOld;
    private final Counter clampedFuture;

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
        io.micrometer.core.instrument.Gauge.builder("mailbox.poll.load.factor", intervals, PollIntervalPolicy::loadFactor)
                .description("Multiplier of the poll tier interval from this instance's poll rate (1 = not loaded)")
                .register(registry);
        io.micrometer.core.instrument.Gauge.builder("mailbox.poll.rate", intervals, p -> p.load().perSecond())
                .description("Poll requests per second on this instance").register(registry);
    }

    public Uni<PollResult> poll(String roomId, long cursor, int limit) {
        intervals.polled();
        Uni<Long> online = sizes.online(roomId).onFailure().recoverWithItem(-1L);
        return Uni.combine().all().unis(window(roomId, cursor), online)
                .with((snap, count) -> answer(snap, cursor, limit, intervals.intervalMillis(count)));
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

    private PollResult answer(HotSnapshot snap, long cursor, int limit, int intervalMs) {
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
        List<Message> candidates = new ArrayList<>(snap.newestFirst().size());
        for (Message m : snap.newestFirst()) {
            if (m.getMsgId() > from && MessageMapper.expireAtMs(m) > now) {
                candidates.add(m);
            }
        }
        long next = Math.max(from, snap.headMsgId());
        return new PollResult(PrioritySelector.select(candidates, limit), next, intervalMs, clamped);
    }
}
