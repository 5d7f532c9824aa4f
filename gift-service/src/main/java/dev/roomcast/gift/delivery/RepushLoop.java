package dev.roomcast.gift.delivery;

import dev.roomcast.gift.config.GiftConfig;
import dev.roomcast.gift.ledger.GiftLedger;
import dev.roomcast.gift.ledger.GiftPage;
import dev.roomcast.gift.ledger.LedgerGift;
import dev.roomcast.gift.ledger.PendingRoom;
import dev.roomcast.gift.metrics.GiftMetrics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Pushes each new gift to the anchor at once, and pushes unacknowledged gifts again with exponential
 * back-off until the anchor's cursor covers them. A re-push always starts at the anchor's cursor and
 * reads the ledger, so it repairs any gap, whichever instance recorded the gifts. At most
 * {@code pendingRoomsMax} rooms are tracked; beyond that a room relies on the anchor's pull (counted).
 */
@ApplicationScoped
public class RepushLoop {

    private static final Logger LOG = Logger.getLogger(RepushLoop.class);

    private final Map<String, RoomPending> rooms = new ConcurrentHashMap<>();
    private final GiftLedger ledger;
    private final AnchorPusher pusher;
    private final RoomClient room;
    private final ConnectorChannels channels;
    private final GiftMetrics metrics;
    private final GiftConfig config;
    private final Vertx vertx;
    private long timerId = -1;

    RepushLoop(GiftLedger ledger, AnchorPusher pusher, RoomClient room, ConnectorChannels channels,
               GiftMetrics metrics, GiftConfig config, Vertx vertx) {
        this.ledger = ledger;
        this.pusher = pusher;
        this.room = room;
        this.channels = channels;
        this.metrics = metrics;
        this.config = config;
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent event) {
        // Resume rooms left unacknowledged by a previous run: their anchors are owed a re-push.
        long since = System.currentTimeMillis() - config.repushGiveUpMillis();
        ledger.pendingRooms(since, config.pendingRoomsMax()).subscribe().with(pending -> {
            long now = System.currentTimeMillis();
            for (PendingRoom p : pending) {
                rooms.putIfAbsent(p.roomId(), new RoomPending(p.roomId(), p.lastSeq(), p.ackedSeq(), now));
            }
            LOG.infof("re-push loop resumed %d rooms with unacknowledged gifts", pending.size());
        }, e -> LOG.warnf("cannot resume pending rooms: %s", e.toString()));
        timerId = vertx.setPeriodic(config.repushTickMillis(), id -> tick());
    }

    void stop(@Observes ShutdownEvent event) {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
    }

    /** A gift was recorded: track the room and push the gift to the anchor now. */
    public void recorded(LedgerGift gift) {
        long now = System.currentTimeMillis();
        RoomPending state = track(gift.roomId(), gift.seq(), now);
        long acked = state == null ? 0 : state.ackedSeq();
        pusher.push(gift.roomId(), List.of(gift), acked, false)
                .subscribe().with(delivered -> { }, e -> { });
    }

    private RoomPending track(String roomId, long seq, long now) {
        for (int attempt = 0; attempt < 3; attempt++) {
            RoomPending state = rooms.get(roomId);
            if (state == null) {
                if (rooms.size() >= config.pendingRoomsMax()) {
                    metrics.pendingOverflow();
                    return null;
                }
                state = rooms.computeIfAbsent(roomId,
                        id -> new RoomPending(id, seq, 0, now + config.repushInitialMillis()));
            }
            if (state.recorded(seq)) {
                return state;
            }
            rooms.remove(roomId, state);
        }
        return null;
    }

    /** The anchor's cursor moved (ack via any connector or REST). */
    public void acked(String roomId, long ackedSeq) {
        RoomPending state = rooms.get(roomId);
        if (state != null && state.acked(ackedSeq, System.currentTimeMillis(), config.repushInitialMillis())) {
            rooms.remove(roomId, state);
        }
    }

    void tick() {
        long now = System.currentTimeMillis();
        for (RoomPending state : rooms.values()) {
            if (state.abandonIfIdle(now, config.repushGiveUpMillis())) {
                rooms.remove(state.roomId, state);
                metrics.abandoned();
            } else if (state.claimIfDue(now)) {
                repush(state);
            }
        }
        room.purgeExpiredRoutes();
        channels.purgeIdle(now - config.connectorChannelIdleMillis());
    }

    private void repush(RoomPending state) {
        long from = state.ackedSeq();
        ledger.page(state.roomId, from, config.pushBatchMax())
                .chain(page -> {
                    // An ack may have landed since the claim: push only what the ledger's cursor still owes.
                    List<LedgerGift> owed = page.gifts().stream().filter(g -> g.seq() > page.ackedSeq()).toList();
                    return owed.isEmpty() ? Uni.createFrom().item(page)
                            : pusher.push(state.roomId, owed, page.ackedSeq(), true).replaceWith(page);
                })
                .subscribe().with(page -> settle(state, page), e -> {
                    state.repushFailed(System.currentTimeMillis(), config.repushInitialMillis(), config.repushMaxMillis());
                });
    }

    private void settle(RoomPending state, GiftPage page) {
        long lastInDb = page.gifts().isEmpty() ? page.ackedSeq() : page.gifts().get(page.gifts().size() - 1).seq();
        if (state.repushed(lastInDb, page.ackedSeq(), System.currentTimeMillis(),
                config.repushInitialMillis(), config.repushMaxMillis())) {
            rooms.remove(state.roomId, state);
        }
    }

    /** Rooms currently owed acknowledgements on this instance (for tests and the health of the loop). */
    public int pendingRooms() {
        return rooms.size();
    }
}
