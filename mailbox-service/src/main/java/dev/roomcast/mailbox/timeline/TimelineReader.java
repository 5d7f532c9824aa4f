package dev.roomcast.mailbox.timeline;

import dev.roomcast.mailbox.config.MailboxConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Reads the timeline through Hibernate Reactive (stateless sessions: read-only, no first-level cache).
 * Every query bounds created_at by the kind's retention (so PostgreSQL prunes dropped-to-be partitions)
 * and filters expire_at > now (so an expired row is never returned, even before its partition is dropped).
 */
@ApplicationScoped
public class TimelineReader {

    private static final String BASE = "from StoredMessage m where m.kind = :kind and m.mboxId = :mbox"
            + " and m.createdAt >= :from and m.expireAt > :now";

    private final Mutiny.SessionFactory sessions;
    private final MailboxConfig config;
    private final Clock clock;

    public TimelineReader(Mutiny.SessionFactory sessions, MailboxConfig config, Clock clock) {
        this.sessions = sessions;
        this.config = config;
        this.clock = clock;
    }

    /** The newest {@code limit} messages, returned oldest first. */
    public Uni<List<StoredMessage>> newest(MailboxKind kind, String mboxId, int limit) {
        return query(kind, mboxId, BASE + " order by m.msgId desc", null, limit).map(TimelineReader::reversed);
    }

    /** Up to {@code limit} messages with msgId > cursor, ascending. */
    public Uni<List<StoredMessage>> after(MailboxKind kind, String mboxId, long cursor, int limit) {
        return query(kind, mboxId, BASE + " and m.msgId > :cursor order by m.msgId asc", cursor, limit);
    }

    /** Up to {@code limit} messages with msgId < cursor, the closest to the cursor, returned ascending. */
    public Uni<List<StoredMessage>> before(MailboxKind kind, String mboxId, long cursor, int limit) {
        return query(kind, mboxId, BASE + " and m.msgId < :cursor order by m.msgId desc", cursor, limit)
                .map(TimelineReader::reversed);
    }

    private Uni<List<StoredMessage>> query(MailboxKind kind, String mboxId, String hql, Long cursor, int limit) {
        Instant now = clock.instant();
        Instant from = now.minus(kind.retention(config.retention()));
        return sessions.withStatelessSession(session -> {
            Mutiny.SelectionQuery<StoredMessage> q = session.createSelectionQuery(hql, StoredMessage.class)
                    .setParameter("kind", kind.prefix())
                    .setParameter("mbox", mboxId)
                    .setParameter("from", from)
                    .setParameter("now", now)
                    .setMaxResults(limit);
            if (cursor != null) {
                q.setParameter("cursor", cursor);
            }
            return q.getResultList();
        });
    }

    private static List<StoredMessage> reversed(List<StoredMessage> rows) {
        List<StoredMessage> copy = new ArrayList<>(rows);
        Collections.reverse(copy);
        return copy;
    }
}
