package dev.roomcast.mailbox.timeline;

import dev.roomcast.mailbox.hot.HotCache;
import dev.roomcast.mailbox.hot.HotSnapshot;
import dev.roomcast.mailbox.hot.HotWindowLoader;
import dev.roomcast.proto.v1.Message;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Recent and range reads. A room's recent history comes from the hot window when the window can answer
 * (warm, and either holds enough unexpired messages or holds the room's whole history); everything else
 * asks PostgreSQL with an index range scan bounded by limit.
 */
@ApplicationScoped
public class TimelineQueries {

    private final TimelineReader reader;
    private final HotCache cache;
    private final HotWindowLoader loader;
    private final Clock clock;

    public TimelineQueries(TimelineReader reader, HotCache cache, HotWindowLoader loader, Clock clock) {
        this.reader = reader;
        this.cache = cache;
        this.loader = loader;
        this.clock = clock;
    }

    /** The newest {@code limit} messages of a mailbox, newest last. */
    public Uni<Page> recent(MailboxKind kind, String mboxId, int limit) {
        if (kind != MailboxKind.ROOM || limit > cache.windowCount()) {
            return fromStore(kind, mboxId, limit);
        }
        String roomId = mboxId.substring(kind.prefix().length() + 1);
        return warmSnapshot(roomId, limit).chain(snap -> {
            long now = clock.millis();
            List<Message> fresh = new ArrayList<>(snap.newestFirst().size());
            for (int i = snap.newestFirst().size() - 1; i >= 0; i--) {
                Message m = snap.newestFirst().get(i);
                if (MessageMapper.expireAtMs(m) > now) {
                    fresh.add(m);
                }
            }
            if (fresh.size() >= limit || snap.floor() == 0) {
                return Uni.createFrom().item(page(fresh, fresh.size() >= limit));
            }
            return fromStore(kind, mboxId, limit);
        });
    }

    /** Up to {@code limit} messages after the cursor (ascending); nextCursor is the last one returned. */
    public Uni<Page> after(MailboxKind kind, String mboxId, long cursor, int limit) {
        return reader.after(kind, mboxId, cursor, limit + 1).map(rows -> {
            boolean more = rows.size() > limit;
            List<Message> messages = map(more ? rows.subList(0, limit) : rows);
            long next = messages.isEmpty() ? cursor : messages.get(messages.size() - 1).getMsgId();
            return new Page(messages, more, next);
        });
    }

    /** Up to {@code limit} messages before the cursor (returned ascending); nextCursor is the oldest returned. */
    public Uni<Page> before(MailboxKind kind, String mboxId, long cursor, int limit) {
        return reader.before(kind, mboxId, cursor, limit + 1).map(rows -> {
            boolean more = rows.size() > limit;
            List<Message> messages = map(more ? rows.subList(1, rows.size()) : rows);
            long next = messages.isEmpty() ? cursor : messages.get(0).getMsgId();
            return new Page(messages, more, next);
        });
    }

    private Uni<HotSnapshot> warmSnapshot(String roomId, int count) {
        return cache.read(roomId, 0, count).chain(snap -> snap.warm() ? Uni.createFrom().item(snap)
                : loader.rebuild(roomId).chain(() -> cache.read(roomId, 0, count)));
    }

    private Uni<Page> fromStore(MailboxKind kind, String mboxId, int limit) {
        return reader.newest(kind, mboxId, limit).map(rows -> page(map(rows), rows.size() >= limit));
    }

    private static Page page(List<Message> ascending, boolean more) {
        long next = ascending.isEmpty() ? 0 : ascending.get(ascending.size() - 1).getMsgId();
        return new Page(ascending, more, next);
    }

    private static List<Message> map(List<StoredMessage> rows) {
        List<Message> out = new ArrayList<>(rows.size());
        for (StoredMessage row : rows) {
            out.add(MessageMapper.toMessage(row));
        }
        return out;
    }
}
