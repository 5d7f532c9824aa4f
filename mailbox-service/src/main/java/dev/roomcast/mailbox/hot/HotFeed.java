package dev.roomcast.mailbox.hot;

import dev.roomcast.mailbox.timeline.MailboxKind;
import dev.roomcast.mailbox.timeline.TimelineEntry;
import dev.roomcast.proto.v1.Message;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.jboss.logging.Logger;

/**
 * Feeds committed room messages into the rooms' hot windows: one script call per room per group commit.
 * Never fails the append (PostgreSQL is the record): a window that missed a write is marked cold so that
 * the next read rebuilds it from PostgreSQL; if even that fails, Redis is down and its windows are gone anyway.
 */
@ApplicationScoped
public class HotFeed {

    private static final Logger LOG = Logger.getLogger(HotFeed.class);

    private final HotCache cache;
    private final Counter failures;

    public HotFeed(HotCache cache, MeterRegistry registry) {
        this.cache = cache;
        this.failures = Counter.builder("mailbox.cache.write.failures").register(registry);
    }

    /**
     * Before the commit: marks the room msgIds as on their way, so that polls do not pass them while a later
     * append that committed first is already in the window. Never fails: without Redis there is no window to poll.
     */
    public Uni<Void> markPending(List<TimelineEntry> entries) {
        return eachRoom(entries, (room, messages) -> counted(cache.markPending(room, msgIds(messages))));
    }

    /** After a failed commit: its markers go (the sender retries the batch and marks them again). */
    public Uni<Void> unmarkPending(List<TimelineEntry> entries) {
        return eachRoom(entries, (room, messages) -> counted(cache.unmarkPending(room, msgIds(messages))));
    }

    /** Duplicates are fed too: if a first attempt committed but never reached Redis, the retry repairs it. */
    public Uni<Void> feed(List<TimelineEntry> entries) {
        return eachRoom(entries, (room, messages) -> cache.store(room, messages, false, 0)
                .onFailure().invoke(f -> {
                    failures.increment();
                    LOG.warnf("hot window of room %s missed %d messages: %s", room, messages.size(), f.toString());
                })
                .onFailure().recoverWithUni(() -> cache.markCold(room))
                .onFailure().recoverWithItem((Void) null));
    }

    /** One call per room of the entries' room messages, side by side; each call handles its own failure. */
    private static Uni<Void> eachRoom(List<TimelineEntry> entries, BiFunction<String, List<Message>, Uni<Void>> call) {
        Map<String, List<Message>> byRoom = new LinkedHashMap<>();
        for (TimelineEntry e : entries) {
            if (e.kind() == MailboxKind.ROOM) {
                byRoom.computeIfAbsent(e.message().getRoomId(), r -> new ArrayList<>()).add(e.message());
            }
        }
        if (byRoom.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Uni<Void>> calls = new ArrayList<>(byRoom.size());
        byRoom.forEach((room, messages) -> calls.add(call.apply(room, messages)));
        return Uni.join().all(calls).andCollectFailures().replaceWithVoid();
    }

    private Uni<Void> counted(Uni<Void> write) {
        return write.onFailure().invoke(f -> failures.increment()).onFailure().recoverWithItem((Void) null);
    }

    private static List<Long> msgIds(List<Message> messages) {
        return messages.stream().map(Message::getMsgId).toList();
    }
}
