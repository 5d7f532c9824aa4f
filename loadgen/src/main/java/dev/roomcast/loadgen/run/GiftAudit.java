package dev.roomcast.loadgen.run;

import dev.roomcast.proto.v1.Gift;
import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The anchor's side of the run's gift ledger: what the anchor application was handed, compared with
 * the orders gift-service confirmed. Every confirmed gift must be shown once: a missing or doubled
 * gift makes the run untrustworthy (the load generator exits non-zero).
 */
final class GiftAudit {

    private final Set<Long> seqs = new HashSet<>();
    private final Set<String> orders = new HashSet<>();
    private long duplicates;
    private long shown;

    /** The anchor application's {@code onGifts} (any thread). */
    synchronized void shown(List<Gift> gifts) {
        for (Gift g : gifts) {
            shown++;
            if (!seqs.add(g.getSeq())) {
                duplicates++;
            }
            orders.add(g.getOrderId());
        }
    }

    synchronized long shownCount() {
        return shown;
    }

    /** Whether every confirmed order has been shown (the drain after publishing waits for this). */
    synchronized boolean holdsAll(Set<String> confirmed) {
        return orders.containsAll(confirmed);
    }

    /**
     * @param confirmed    gift orders gift-service answered 2xx
     * @param ownOrder     whether an order id was made by this run
     */
    synchronized Result result(Set<String> confirmed, Predicate<String> ownOrder) {
        long toAnchor = 0;
        long unconfirmed = 0;
        long earlier = 0;
        for (String o : orders) {
            if (confirmed.contains(o)) {
                toAnchor++;
            } else if (ownOrder.test(o)) {
                unconfirmed++;
            } else {
                earlier++;
            }
        }
        return new Result(confirmed.size(), toAnchor, confirmed.size() - toAnchor, duplicates, unconfirmed, earlier);
    }

    /**
     * @param sent         gifts gift-service confirmed (2xx) during the run
     * @param toAnchor     of those, shown by the anchor application
     * @param missing      confirmed but never shown
     * @param duplicates   shown more than once (same seq)
     * @param unconfirmed  shown, sent by this run, but the send's answer was lost (timeout): recorded all the same
     * @param earlierRuns  shown, sent by an earlier run that left them unacknowledged in this room
     */
    record Result(long sent, long toAnchor, long missing, long duplicates, long unconfirmed, long earlierRuns) {

        boolean exact() {
            return missing == 0 && duplicates == 0;
        }

        JsonObject toJson() {
            return new JsonObject().put("sent", sent).put("toAnchor", toAnchor).put("missing", missing)
                    .put("duplicates", duplicates).put("shownButSendUnconfirmed", unconfirmed)
                    .put("shownFromEarlierRuns", earlierRuns).put("exact", exact());
        }
    }
}
