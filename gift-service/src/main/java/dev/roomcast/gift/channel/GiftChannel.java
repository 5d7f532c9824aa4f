package dev.roomcast.gift.channel;

import dev.roomcast.gift.config.GiftConfig;
import dev.roomcast.gift.delivery.OutboxRelay;
import dev.roomcast.gift.delivery.RepushLoop;
import dev.roomcast.gift.ledger.AckResult;
import dev.roomcast.gift.ledger.GiftLedger;
import dev.roomcast.gift.ledger.GiftPage;
import dev.roomcast.gift.ledger.SendCommand;
import dev.roomcast.gift.ledger.SendResult;
import dev.roomcast.gift.ledger.Totals;
import dev.roomcast.gift.metrics.GiftMetrics;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The gift channel's operations, shared by REST and gRPC: record (then publish and push), ack, pull.
 * A send is acknowledged only after the ledger committed it; publishing and pushing follow it.
 */
@ApplicationScoped
public class GiftChannel {

    private final GiftLedger ledger;
    private final OutboxRelay outbox;
    private final RepushLoop repush;
    private final GiftMetrics metrics;
    private final GiftConfig config;
    private final AckCoalescer acks;

    GiftChannel(GiftLedger ledger, OutboxRelay outbox, RepushLoop repush, GiftMetrics metrics, GiftConfig config) {
        this.ledger = ledger;
        this.outbox = outbox;
        this.repush = repush;
        this.metrics = metrics;
        this.config = config;
        // Merged acks share one result: count the newly acknowledged gifts once, per transaction.
        this.acks = new AckCoalescer((room, anchor, seq) -> ledger.ack(room, anchor, seq)
                .invoke(result -> metrics.acked(System.currentTimeMillis(), result.newlyAckedCreatedAtMs())));
    }

    public Uni<SendResult> send(SendCommand command) {
        return ledger.send(command).invoke(result -> {
            if (result.duplicate()) {
                metrics.duplicate();
                return;
            }
            metrics.sent();
            outbox.publishNow(result.gift());
            repush.recorded(result.gift());
        });
    }

    public Uni<AckResult> ack(String roomId, String anchorUserId, long seq) {
        return acks.ack(roomId, anchorUserId, seq).invoke(result -> repush.acked(roomId, result.ackedSeq()));
    }

    public Uni<GiftPage> pull(String roomId, long afterSeq, int limit) {
        int bounded = limit <= 0 ? config.pullLimitMax() : Math.min(limit, config.pullLimitMax());
        return ledger.page(roomId, Math.max(0, afterSeq), bounded).invoke(page -> metrics.pulled(page.gifts().size()));
    }

    public Uni<Totals> totals(String roomId) {
        return ledger.totals(roomId);
    }
}
