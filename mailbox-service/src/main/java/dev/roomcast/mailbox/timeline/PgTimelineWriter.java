package dev.roomcast.mailbox.timeline;

import dev.roomcast.proto.v1.Message;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes a group of entries in ONE statement (one round trip, one implicit transaction): the rows go as
 * column arrays through unnest(), which keeps the statement fixed whatever the batch size. Raw SQL on the
 * reactive pool because Hibernate would issue one INSERT per row and cannot express ON CONFLICT DO NOTHING
 * with RETURNING; reads of the same rows go through Hibernate Reactive ({@link TimelineReader}).
 */
@ApplicationScoped
public class PgTimelineWriter {

    private static final String INSERT = """
            INSERT INTO mailbox.message (kind, mbox_id, room_id, msg_id, type, priority, sender_id, sender_level,
                sender_anonymous, sender_nickname, body, conflate_key, aggregate_count, target_user_id, created_at, expire_at)
            SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int8[], $5::int2[], $6::int2[], $7::text[],
                $8::int2[], $9::bool[], $10::text[], $11::text[], $12::text[], $13::int4[], $14::text[],
                $15::timestamptz[], $16::timestamptz[])
            ON CONFLICT DO NOTHING
            RETURNING mbox_id, msg_id""";

    private final Pool pool;

    public PgTimelineWriter(Pool pool) {
        this.pool = pool;
    }

    /** @return the keys actually inserted; the others were already stored (duplicates) */
    public Uni<Set<TimelineEntry.Key>> insert(List<TimelineEntry> entries) {
        int n = entries.size();
        String[] kind = new String[n];
        String[] mbox = new String[n];
        String[] room = new String[n];
        Long[] msgId = new Long[n];
        Short[] type = new Short[n];
        Short[] priority = new Short[n];
        String[] senderId = new String[n];
        Short[] senderLevel = new Short[n];
        Boolean[] anonymous = new Boolean[n];
        String[] nickname = new String[n];
        String[] body = new String[n];
        String[] conflate = new String[n];
        Integer[] aggregate = new Integer[n];
        String[] target = new String[n];
        OffsetDateTime[] created = new OffsetDateTime[n];
        OffsetDateTime[] expire = new OffsetDateTime[n];
        for (int i = 0; i < n; i++) {
            TimelineEntry e = entries.get(i);
            Message m = e.message();
            kind[i] = e.kind().prefix();
            mbox[i] = e.mboxId();
            room[i] = m.getRoomId();
            msgId[i] = m.getMsgId();
            type[i] = (short) m.getTypeValue();
            priority[i] = (short) m.getPriority();
            senderId[i] = m.getSender().getUserId();
            senderLevel[i] = (short) m.getSender().getLevel();
            anonymous[i] = m.getSender().getAnonymous();
            nickname[i] = m.getSender().getNickname();
            body[i] = m.getBody();
            conflate[i] = m.getConflateKey();
            aggregate[i] = m.getAggregateCount();
            target[i] = m.getUserId();
            created[i] = OffsetDateTime.ofInstant(e.createdAt(), ZoneOffset.UTC);
            expire[i] = OffsetDateTime.ofInstant(e.expireAt(), ZoneOffset.UTC);
        }
        Tuple args = Tuple.tuple(List.of(kind, mbox, room, msgId, type, priority, senderId, senderLevel, anonymous,
                nickname, body, conflate, aggregate, target, created, expire));
        return pool.preparedQuery(INSERT).execute(args).map(rows -> {
            Set<TimelineEntry.Key> inserted = new HashSet<>(rows.rowCount() * 2);
            for (Row row : rows) {
                inserted.add(new TimelineEntry.Key(row.getString(0), row.getLong(1)));
            }
            return inserted;
        });
    }
}
