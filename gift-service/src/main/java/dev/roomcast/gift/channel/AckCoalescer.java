package dev.roomcast.gift.channel;

import dev.roomcast.gift.api.GiftError;
import dev.roomcast.gift.api.GiftException;
import dev.roomcast.gift.ledger.AckResult;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * At most one ack transaction per room in flight on this instance; acks arriving meanwhile are merged
 * into the next one (the highest seq wins, every caller gets the cursor after it). An anchor acks after
 * every push, so during a gift storm this turns a convoy of transactions on one cursor row into one
 * transaction per round trip.
 */
final class AckCoalescer {

    interface Apply {
        Uni<AckResult> ack(String roomId, String anchorUserId, long seq);
    }

    private record Waiter(long seq, String anchorUserId, UniEmitter<? super AckResult> emitter) {
    }

    private static final class RoomAcks {
        boolean inFlight;
        List<Waiter> waiting = new ArrayList<>();
    }

    private final Map<String, RoomAcks> rooms = new ConcurrentHashMap<>();
    private final Apply apply;

    AckCoalescer(Apply apply) {
        this.apply = apply;
    }

    Uni<AckResult> ack(String roomId, String anchorUserId, long seq) {
        return Uni.createFrom().emitter(emitter -> {
            Waiter waiter = new Waiter(seq, anchorUserId, emitter);
            RoomAcks room = rooms.computeIfAbsent(roomId, id -> new RoomAcks());
            synchronized (room) {
                room.waiting.add(waiter);
                if (room.inFlight) {
                    return;
                }
                room.inFlight = true;
            }
            drain(roomId, room);
        });
    }

    private void drain(String roomId, RoomAcks room) {
        List<Waiter> batch;
        synchronized (room) {
            if (room.waiting.isEmpty()) {
                room.inFlight = false;
                rooms.remove(roomId, room);
                return;
            }
            batch = room.waiting;
            room.waiting = new ArrayList<>();
        }
        Waiter highest = batch.stream().max((a, b) -> Long.compare(a.seq(), b.seq())).orElseThrow();
        apply.ack(roomId, highest.anchorUserId(), highest.seq()).subscribe().with(result -> {
            batch.forEach(w -> w.emitter().complete(result));
            drain(roomId, room);
        }, failure -> {
            if (batch.size() > 1 && failure instanceof GiftException g && g.error() == GiftError.ACK_BEYOND_LAST) {
                // One bad ack must not fail the good ones merged with it: apply those one by one.
                batch.forEach(w -> apply.ack(roomId, w.anchorUserId(), w.seq())
                        .subscribe().with(w.emitter()::complete, w.emitter()::fail));
            } else {
                batch.forEach(w -> w.emitter().fail(failure));
            }
            drain(roomId, room);
        });
    }
}
