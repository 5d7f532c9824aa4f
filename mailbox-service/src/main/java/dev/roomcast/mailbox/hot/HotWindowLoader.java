package dev.roomcast.mailbox.hot;

import dev.roomcast.mailbox.timeline.MailboxKind;
import dev.roomcast.mailbox.timeline.MessageMapper;
import dev.roomcast.mailbox.timeline.StoredMessage;
import dev.roomcast.mailbox.timeline.TimelineReader;
import dev.roomcast.proto.v1.Message;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Rebuilds a cold room window (Redis restarted, room idle) from PostgreSQL: one bounded query for the
 * newest windowCount rows. Single flight per room: concurrent polls of a cold room share one rebuild.
 */
@ApplicationScoped
public class HotWindowLoader {

    private final TimelineReader reader;
    private final HotCache cache;
    private final ConcurrentHashMap<String, Uni<Void>> inFlight = new ConcurrentHashMap<>();
    private final Counter rebuilds;

    public HotWindowLoader(TimelineReader reader, HotCache cache, MeterRegistry registry) {
        this.reader = reader;
        this.cache = cache;
        this.rebuilds = Counter.builder("mailbox.cache.rebuilds").description("cold room windows rebuilt from PostgreSQL")
                .register(registry);
    }

    public Uni<Void> rebuild(String roomId) {
        return inFlight.computeIfAbsent(roomId, id -> load(id)
                .onTermination().invoke(() -> inFlight.remove(id))
                .memoize().indefinitely());
    }

    private Uni<Void> load(String roomId) {
        int window = cache.windowCount();
        return Uni.createFrom().deferred(() -> {
            rebuilds.increment();
            return reader.newest(MailboxKind.ROOM, MailboxKind.ROOM.mboxOf(roomId), window);
        }).chain(rows -> {
            List<Message> messages = rows.stream().map(MessageMapper::toMessage).toList();
            // A full window means older rows exist in PostgreSQL: everything below the oldest loaded is "trimmed".
            long floor = rows.size() >= window ? oldest(rows) - 1 : 0;
            return cache.store(roomId, messages, true, floor);
        });
    }

    private static long oldest(List<StoredMessage> rows) {
        return rows.get(0).msgId;
    }
}
