package dev.roomcast.gift.delivery;

import dev.roomcast.gift.config.GiftConfig;
import dev.roomcast.gift.ledger.GiftLedger;
import dev.roomcast.gift.ledger.LedgerGift;
import dev.roomcast.gift.metrics.GiftMetrics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Publishes recorded gifts to the room (the viewers' GIFT message) through room-service. The first
 * attempt follows the commit at once; the gift row is the outbox, so a gift recorded while room-service
 * is down is published by the relay later, with back-off (at least once; room-service may rarely see a
 * repeat after a crash between publish and mark).
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private final GiftLedger ledger;
    private final RoomClient room;
    private final GiftMetrics metrics;
    private final GiftConfig config;
    private final Vertx vertx;
    private final AtomicBoolean polling = new AtomicBoolean();
    private long timerId = -1;

    OutboxRelay(GiftLedger ledger, RoomClient room, GiftMetrics metrics, GiftConfig config, Vertx vertx) {
        this.ledger = ledger;
        this.room = room;
        this.metrics = metrics;
        this.config = config;
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent event) {
        timerId = vertx.setPeriodic(config.outboxPollMillis(), id -> poll().subscribe().with(n -> { }));
    }

    void stop(@Observes ShutdownEvent event) {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
    }

    /** The immediate attempt after commit; failures are left to the relay. */
    public void publishNow(LedgerGift gift) {
        publish(gift).subscribe().with(ok -> { }, e -> { });
    }

    /** One relay pass; a pass still running makes the next tick skip (no pile-up while room-service is down). */
    public Uni<Integer> poll() {
        if (!polling.compareAndSet(false, true)) {
            return Uni.createFrom().item(0);
        }
        return ledger.claimOutbox(config.outboxBatchMax())
                .chain(this::publishAll)
                .eventually(() -> polling.set(false))
                .onFailure().invoke(e -> LOG.debugf("outbox pass failed: %s", e.toString()))
                .onFailure().recoverWithItem(0);
    }

    private Uni<Integer> publishAll(List<LedgerGift> gifts) {
        if (gifts.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        // Oldest first, one at a time: a room's viewers see its gifts in order.
        Uni<Integer> chain = Uni.createFrom().item(0);
        for (LedgerGift gift : gifts) {
            chain = chain.chain(done -> publish(gift).map(ok -> done + (ok ? 1 : 0)));
        }
        return chain;
    }

    private Uni<Boolean> publish(LedgerGift gift) {
        return room.publish(gift)
                .chain(msgId -> ledger.markPublished(gift.orderId(), msgId))
                .invoke(() -> metrics.published())
                .replaceWith(true)
                .onFailure().invoke(e -> {
                    metrics.publishFailed();
                    LOG.debugf("publish of gift %s failed: %s", gift.orderId(), e.toString());
                })
                .onFailure().recoverWithItem(false);
    }
}
