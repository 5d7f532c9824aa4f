package dev.roomcast.scheduler;

import java.util.ArrayDeque;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A room's queue: one FIFO per priority (0..255) and a 256-bit map of the non-empty ones, so "highest
 * first, then oldest" and "lowest, oldest" are O(1) without sorting. The bucket array exists only
 * while something is queued, so a quiet room holds no arrays. Not thread-safe (the room's lock guards it).
 */
final class PriorityBuckets {
    private static final int LEVELS = 256;

    private ArrayDeque<Entry>[] buckets;
    private final long[] nonEmpty = new long[LEVELS / 64];
    private int size;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    @SuppressWarnings("unchecked")
    void add(Entry entry) {
        if (buckets == null) {
            buckets = new ArrayDeque[LEVELS];
        }
        int p = entry.priority;
        ArrayDeque<Entry> bucket = buckets[p];
        if (bucket == null) {
            bucket = new ArrayDeque<>(4);
            buckets[p] = bucket;
        }
        bucket.addLast(entry);
        nonEmpty[p >>> 6] |= 1L << (p & 63);
        size++;
    }

    /** The lowest msgId among queued messages (persisted ones carry one), {@link Long#MAX_VALUE} when none. */
    long lowestMsgId() {
        long lowest = Long.MAX_VALUE;
        if (size == 0) {
            return lowest;
        }
        for (int p = highestPriority(); p >= 0; p = nextLower(p)) {
            for (Entry e : buckets[p]) {
                long id = e.message == null ? 0 : e.message.getMsgId();
                if (id > 0 && id < lowest) {
                    lowest = id;
                }
            }
        }
        return lowest;
    }

    /** Highest priority present, or -1. */
    int highestPriority() {
        for (int i = nonEmpty.length - 1; i >= 0; i--) {
            if (nonEmpty[i] != 0) {
                return (i << 6) + 63 - Long.numberOfLeadingZeros(nonEmpty[i]);
            }
        }
        return -1;
    }

    /** Lowest priority present, or -1. */
    int lowestPriority() {
        for (int i = 0; i < nonEmpty.length; i++) {
            if (nonEmpty[i] != 0) {
                return (i << 6) + Long.numberOfTrailingZeros(nonEmpty[i]);
            }
        }
        return -1;
    }

    /** The oldest entry of the highest priority (null when empty). */
    Entry pollHighest() {
        int p = highestPriority();
        return p < 0 ? null : pollFrom(p);
    }

    /**
     * The oldest entry of the highest priority that matches (null when none does). Scans the buckets from
     * the highest; callers use it only when they know a match is queued.
     */
    Entry pollHighestMatching(Predicate<Entry> test) {
        for (int p = highestPriority(); p >= 0; p = nextLower(p)) {
            ArrayDeque<Entry> bucket = buckets[p];
            for (java.util.Iterator<Entry> it = bucket.iterator(); it.hasNext(); ) {
                Entry e = it.next();
                if (test.test(e)) {
                    it.remove();
                    size--;
                    afterRemove(p, bucket);
                    return e;
                }
            }
        }
        return null;
    }

    /** The oldest entry of the lowest priority: the overflow victim (null when empty). */
    Entry pollLowest() {
        int p = lowestPriority();
        return p < 0 ? null : pollFrom(p);
    }

    boolean remove(Entry entry) {
        ArrayDeque<Entry> bucket = buckets == null ? null : buckets[entry.priority];
        if (bucket == null || !bucket.remove(entry)) {
            return false;
        }
        size--;
        afterRemove(entry.priority, bucket);
        return true;
    }

    /**
     * Removes the entries at the head of every bucket that match (stale ones: buckets are in arrival
     * order, so expired entries gather at the heads).
     */
    void removeHeadsWhile(Predicate<Entry> test, Consumer<Entry> removed) {
        for (int p = highestPriority(); p >= 0; p = nextLower(p)) {
            ArrayDeque<Entry> bucket = buckets[p];
            while (!bucket.isEmpty() && test.test(bucket.peekFirst())) {
                removed.accept(bucket.pollFirst());
                size--;
            }
            afterRemove(p, bucket);
            if (buckets == null) {
                return;
            }
        }
    }

    /** Empties the queue, handing every entry to {@code removed}. */
    void drain(Consumer<Entry> removed) {
        Entry e;
        while ((e = pollHighest()) != null) {
            removed.accept(e);
        }
        buckets = null;
    }

    private int nextLower(int p) {
        for (int q = p - 1; q >= 0; q--) {
            long word = nonEmpty[q >>> 6] & (-1L >>> (63 - (q & 63)));
            if (word != 0) {
                return ((q >>> 6) << 6) + 63 - Long.numberOfLeadingZeros(word);
            }
            q = (q >>> 6) << 6;   // skip the rest of this word
        }
        return -1;
    }

    private Entry pollFrom(int p) {
        ArrayDeque<Entry> bucket = buckets[p];
        Entry e = bucket.pollFirst();
        size--;
        afterRemove(p, bucket);
        return e;
    }

    private void afterRemove(int p, ArrayDeque<Entry> bucket) {
        if (!bucket.isEmpty()) {
            return;
        }
        nonEmpty[p >>> 6] &= ~(1L << (p & 63));
        if (size == 0) {
            buckets = null;   // a quiet room keeps no arrays
        }
    }
}
