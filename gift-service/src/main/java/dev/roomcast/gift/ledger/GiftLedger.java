package dev.roomcast.gift.ledger;

import dev.roomcast.gift.api.GiftError;
import dev.roomcast.gift.api.GiftException;
import dev.roomcast.gift.config.GiftConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.sql.SQLException;
import java.util.List;
import org.hibernate.LockMode;
import org.hibernate.reactive.mutiny.Mutiny;

/** The durable gift ledger in PostgreSQL (schema {@code gift}): record, page, ack, outbox. */
@ApplicationScoped
public class GiftLedger {

    private static final String UNIQUE_VIOLATION = "23505";
    private static final String NEXT_SEQ = """
            INSERT INTO gift.room_counter AS c (room_id, last_seq, gift_count, item_count, total_value, last_gift_ms)
            VALUES (:room, 1, 1, :items, :value, :now)
            ON CONFLICT (room_id) DO UPDATE SET last_seq = c.last_seq + 1, gift_count = c.gift_count + 1,
                item_count = c.item_count + EXCLUDED.item_count, total_value = c.total_value + EXCLUDED.total_value,
                last_gift_ms = EXCLUDED.last_gift_ms
            RETURNING c.last_seq""";

    private final LedgerDb db;
    private final GiftConfig config;

    GiftLedger(LedgerDb db, GiftConfig config) {
        this.db = db;
        this.config = config;
    }

    /**
     * Records a gift with the room's next sequence, or returns the first result for a replayed order.
     * Two racing sends of one order: the loser's insert hits the primary key and is answered as a replay.
     */
    public Uni<SendResult> send(SendCommand cmd) {
        return db.inTransaction(s -> s.find(GiftEntity.class, cmd.orderId())
                        .chain(existing -> existing != null ? Uni.createFrom().item(replay(existing, cmd)) : record(s, cmd)))
                .onFailure(GiftLedger::isUniqueViolation)
                .recoverWithUni(() -> db.inSession(s -> s.find(GiftEntity.class, cmd.orderId()))
                        .map(existing -> replay(existing, cmd)));
    }

    /**
     * One upsert takes the room's counter row lock and the next sequence in a single round trip; the
     * lock is held until the gift insert commits (or rolls back with it), so sequences stay dense and
     * unique however many sends race for one room, and the lock is held for as few round trips as possible.
     */
    private Uni<SendResult> record(Mutiny.Session s, SendCommand cmd) {
        long now = System.currentTimeMillis();
        return s.createNativeQuery(NEXT_SEQ, Long.class)
                .setParameter("room", cmd.roomId())
                .setParameter("items", (long) cmd.count())
                .setParameter("value", cmd.totalValue())
                .setParameter("now", now)
                .getSingleResult()
                .chain(seq -> {
                    GiftEntity gift = GiftEntity.recorded(cmd, seq, now, config.publishLeaseMillis());
                    return s.persist(gift).chain(s::flush).replaceWith(new SendResult(gift.toLedgerGift(), false));
                });
    }

    private static SendResult replay(GiftEntity existing, SendCommand cmd) {
        if (existing == null) {
            throw new GiftException(GiftError.INTERNAL, "order vanished during replay");
        }
        if (!existing.sameContentAs(cmd)) {
            throw new GiftException(GiftError.ORDER_CONFLICT,
                    "order " + cmd.orderId() + " was already recorded with different content");
        }
        return new SendResult(existing.toLedgerGift(), true);
    }

    /** Gifts of a room after {@code afterSeq}, oldest first, at most {@code limit}. */
    public Uni<GiftPage> page(String roomId, long afterSeq, int limit) {
        return db.inSession(s -> s.createNamedQuery(GiftEntity.PAGE, GiftEntity.class)
                        .setParameter("room", roomId)
                        .setParameter("after", afterSeq)
                        .setMaxResults(limit + 1)
                        .getResultList()
                        .chain(rows -> s.find(AnchorCursorEntity.class, roomId).map(cursor -> {
                            boolean more = rows.size() > limit;
                            List<LedgerGift> gifts = rows.stream().limit(limit).map(GiftEntity::toLedgerGift).toList();
                            return new GiftPage(roomId, gifts, cursor == null ? 0 : cursor.ackedSeq(), more);
                        })));
    }

    public Uni<Totals> totals(String roomId) {
        return db.inSession(s -> s.find(RoomCounterEntity.class, roomId)
                .map(c -> c == null ? Totals.empty(roomId) : c.totals()));
    }

    /** Moves the anchor's cursor forward (never back); an ack beyond the last recorded gift is refused. */
    public Uni<AckResult> ack(String roomId, String anchorUserId, long seq) {
        return db.inTransaction(s -> s.find(RoomCounterEntity.class, roomId).chain(counter -> {
            long lastSeq = counter == null ? 0 : counter.totals().lastSeq();
            if (seq > lastSeq) {
                throw new GiftException(GiftError.ACK_BEYOND_LAST,
                        "ack " + seq + " is beyond the room's last gift " + lastSeq);
            }
            return s.createNativeQuery("INSERT INTO gift.anchor_cursor (room_id) VALUES (:room) ON CONFLICT DO NOTHING")
                    .setParameter("room", roomId)
                    .executeUpdate()
                    .chain(() -> s.find(AnchorCursorEntity.class, roomId, LockModeType.PESSIMISTIC_WRITE))
                    .chain(cursor -> {
                        long previous = cursor.ackedSeq();
                        if (!cursor.advance(seq, anchorUserId, System.currentTimeMillis())) {
                            return Uni.createFrom().item(new AckResult(roomId, previous, previous, lastSeq, List.of()));
                        }
                        return s.createNamedQuery(GiftEntity.CREATED_IN_RANGE, Long.class)
                                .setParameter("room", roomId).setParameter("from", previous).setParameter("to", seq)
                                .getResultList()
                                .map(created -> new AckResult(roomId, seq, previous, lastSeq, created));
                    });
        }));
    }

    /** Rooms with a gift since {@code sinceMs} still unacknowledged; the re-push loop resumes them after a restart. */
    public Uni<List<PendingRoom>> pendingRooms(long sinceMs, int max) {
        return db.inSession(s -> s.createNamedQuery(RoomCounterEntity.PENDING, Object[].class)
                        .setParameter("since", sinceMs)
                        .setMaxResults(max)
                        .getResultList())
                .map(rows -> rows.stream()
                        .map(r -> new PendingRoom((String) r[0], ((Number) r[1]).longValue(), ((Number) r[2]).longValue()))
                        .toList());
    }

    /**
     * Claims unpublished gifts whose publish lease ran out. The new lease doubles with each attempt,
     * so it is also the retry back-off; SKIP LOCKED lets several instances relay side by side.
     */
    public Uni<List<LedgerGift>> claimOutbox(int max) {
        long now = System.currentTimeMillis();
        return db.inTransaction(s -> s.createNamedQuery(GiftEntity.OUTBOX_DUE, GiftEntity.class)
                .setParameter("now", now)
                .setMaxResults(max)
                .setLockMode(LockMode.UPGRADE_SKIPLOCKED)
                .getResultList()
                .map(rows -> {
                    for (GiftEntity g : rows) {
                        long backoff = Math.min(config.publishRetryMaxMillis(),
                                config.publishLeaseMillis() << Math.min(g.publishAttempts(), 16));
                        g.leaseForPublish(now + backoff);
                    }
                    return rows.stream().map(GiftEntity::toLedgerGift).toList();
                }));
    }

    public Uni<Void> markPublished(String orderId, long msgId) {
        return db.inTransaction(s -> s.createNamedQuery(GiftEntity.MARK_PUBLISHED)
                        .setParameter("msg", msgId)
                        .setParameter("order", orderId)
                        .executeUpdate())
                .replaceWithVoid();
    }

    static boolean isUniqueViolation(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState())) {
                return true;
            }
            // Hibernate Reactive reports driver errors as SQLException (wrapped in its own exceptions).
            if (t instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
