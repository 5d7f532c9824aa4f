package dev.roomcast.gift.channel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roomcast.gift.api.GiftError;
import dev.roomcast.gift.api.GiftException;
import dev.roomcast.gift.ledger.AckResult;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class AckCoalescerTest {

    /** A ledger whose transactions finish when the test says so; remembers what it was asked. */
    private static final class HeldLedger implements AckCoalescer.Apply {
        final List<Long> applied = new ArrayList<>();
        final List<UniEmitter<? super AckResult>> open = new ArrayList<>();
        long lastSeq = 100;

        @Override
        public Uni<AckResult> ack(String roomId, String anchorUserId, long seq) {
            applied.add(seq);
            return Uni.createFrom().emitter(e -> {
                if (seq > lastSeq) {
                    e.fail(new GiftException(GiftError.ACK_BEYOND_LAST, "beyond"));
                } else {
                    open.add(e);
                }
            });
        }

        void completeNext(long cursor) {
            open.remove(0).complete(new AckResult("r", cursor, 0, lastSeq, List.of()));
        }
    }

    @Test
    void mergesAcksArrivingWhileOneIsInFlightIntoOneWithTheHighestSeq() {
        HeldLedger ledger = new HeldLedger();
        AckCoalescer acks = new AckCoalescer(ledger);
        List<AtomicReference<Long>> replies = new ArrayList<>();
        for (long seq : new long[] {3, 5, 9, 7}) {
            AtomicReference<Long> reply = new AtomicReference<>();
            acks.ack("r", "a", seq).subscribe().with(r -> reply.set(r.ackedSeq()));
            replies.add(reply);
        }
        assertThat(ledger.applied).containsExactly(3L);
        ledger.completeNext(3);
        assertThat(ledger.applied).containsExactly(3L, 9L);
        ledger.completeNext(9);
        assertThat(replies).extracting(AtomicReference::get).containsExactly(3L, 9L, 9L, 9L);
    }

    @Test
    void aBadAckMergedWithGoodOnesDoesNotFailThem() {
        HeldLedger ledger = new HeldLedger();
        AckCoalescer acks = new AckCoalescer(ledger);
        acks.ack("r", "a", 1).subscribe().with(r -> { });
        AtomicReference<Object> good = new AtomicReference<>();
        AtomicReference<Object> bad = new AtomicReference<>();
        acks.ack("r", "a", 50).subscribe().with(r -> good.set(r.ackedSeq()), good::set);
        acks.ack("r", "a", 500).subscribe().with(r -> bad.set(r.ackedSeq()), bad::set);
        ledger.completeNext(1);
        // Merged (500) fails as beyond the last gift; each is then applied alone.
        assertThat(ledger.applied).containsExactly(1L, 500L, 50L, 500L);
        ledger.completeNext(50);
        assertThat(good.get()).isEqualTo(50L);
        assertThat(bad.get()).isInstanceOf(GiftException.class);
    }
}
