package dev.roomcast.client.delivery;

import dev.roomcast.proto.v1.Gift;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The anchor's view of one room's dense gift sequence: delivers every gift exactly once and in
 * order, whatever mix of pushes, re-pushes, pulls and REST pages brings them.
 *
 * <p>{@code contiguous} is the highest seq such that every gift 1..seq has been delivered; that is
 * what the anchor acknowledges. Gifts above a hole wait in a bounded buffer until the hole is
 * filled (the caller pulls after {@link #contiguous()} when {@link #hasGap()}).
 */
public final class GiftSequencer {

    private final int maxBuffered;
    private final TreeMap<Long, Gift> waiting = new TreeMap<>();
    private long contiguous;

    public GiftSequencer(long alreadyDelivered, int maxBuffered) {
        this.contiguous = alreadyDelivered;
        this.maxBuffered = maxBuffered;
    }

    /** Accepts gifts in any order; returns those now deliverable, in sequence order, each once. */
    public List<Gift> accept(List<Gift> gifts) {
        for (Gift gift : gifts) {
            long seq = gift.getSeq();
            if (seq <= contiguous) {
                continue;                      // a re-push or overlapping pull: already delivered
            }
            if (waiting.size() >= maxBuffered && !waiting.containsKey(seq)) {
                // A full buffer means the hole is old: keep the lowest seqs, a later pull re-fetches
                // the rest (they stay unacknowledged on the server, so nothing is lost).
                if (seq > waiting.lastKey()) {
                    continue;
                }
                waiting.pollLastEntry();
            }
            waiting.putIfAbsent(seq, gift);
        }
        return drain();
    }

    private List<Gift> drain() {
        List<Gift> ready = new ArrayList<>();
        while (!waiting.isEmpty() && waiting.firstKey() == contiguous + 1) {
            ready.add(waiting.pollFirstEntry().getValue());
            contiguous++;
        }
        return ready;
    }

    /** Highest seq with no hole below: the value to acknowledge and to pull after. */
    public long contiguous() {
        return contiguous;
    }

    /** A gift above a hole is waiting: some seq between was lost, pull after {@link #contiguous()}. */
    public boolean hasGap() {
        return !waiting.isEmpty();
    }

    /**
     * The server's ack cursor is ahead of ours (gifts delivered by another session of this anchor):
     * adopt it; returns the waiting gifts that became deliverable.
     */
    public List<Gift> serverAcked(long ackedSeq) {
        if (ackedSeq > contiguous) {
            contiguous = ackedSeq;
            waiting.headMap(contiguous, true).clear();
        }
        return drain();
    }

    public int buffered() {
        return waiting.size();
    }
}
