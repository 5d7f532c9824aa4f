package dev.roomcast.client.delivery;

/**
 * Remembers the msgIds a room has delivered so that the same persisted message arriving by push, by
 * poll, by recent history and by recovery reaches the application once.
 *
 * <p>Blocks carry messages in priority order, not msgId order, so "below the highest id" is not
 * "seen". The window holds the last {@code capacity} ids in an open-addressing set plus a ring
 * buffer that evicts the oldest; an id below every id still in the window is treated as seen (it
 * is older than anything the client could still render). Transient messages (msgId 0) pass.
 */
public final class MessageDeduplicator {

    private static final long EMPTY = 0L;
    private static final long TOMBSTONE = Long.MIN_VALUE;

    private final long[] ring;
    private long[] table;
    private int ringHead;
    private int size;
    private int tombstones;
    private long floor;      // ids <= floor have been evicted: considered seen
    private long highest;

    public MessageDeduplicator(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.ring = new long[capacity];
        this.table = new long[Integer.highestOneBit(Math.max(2, capacity * 2) - 1) << 2];
    }

    /** True when the message is new and must be delivered; records it. */
    public boolean firstSeen(long msgId) {
        if (msgId <= 0) {
            return true;
        }
        if (msgId <= floor || contains(msgId)) {
            return false;
        }
        if (size == ring.length) {
            long evicted = ring[ringHead];
            remove(evicted);
            size--;
            // Forgetting an id means treating everything up to it as seen: an id that old can no
            // longer be rendered in order anyway, and a duplicate is worse than a late drop.
            floor = Math.max(floor, evicted);
        }
        ring[ringHead] = msgId;
        ringHead = (ringHead + 1) % ring.length;
        size++;
        insert(msgId);
        highest = Math.max(highest, msgId);
        return true;
    }

    /** The highest persisted msgId delivered: the cursor for recovery from the mailbox. */
    public long highestMsgId() {
        return highest;
    }

    public int size() {
        return size;
    }

    private boolean contains(long id) {
        int mask = table.length - 1;
        for (int i = hash(id) & mask; ; i = (i + 1) & mask) {
            long v = table[i];
            if (v == EMPTY) {
                return false;
            }
            if (v == id) {
                return true;
            }
        }
    }

    private void insert(long id) {
        if ((size + tombstones) * 2 > table.length) {
            rehash();
        }
        int mask = table.length - 1;
        int i = hash(id) & mask;
        while (table[i] != EMPTY && table[i] != TOMBSTONE) {
            i = (i + 1) & mask;
        }
        table[i] = id;
    }

    private void remove(long id) {
        int mask = table.length - 1;
        for (int i = hash(id) & mask; table[i] != EMPTY; i = (i + 1) & mask) {
            if (table[i] == id) {
                table[i] = TOMBSTONE;
                tombstones++;
                return;
            }
        }
    }

    private void rehash() {
        long[] old = table;
        table = new long[old.length];
        tombstones = 0;
        int mask = table.length - 1;
        for (long v : old) {
            if (v != EMPTY && v != TOMBSTONE) {
                int i = hash(v) & mask;
                while (table[i] != EMPTY) {
                    i = (i + 1) & mask;
                }
                table[i] = v;
            }
        }
    }

    private static int hash(long id) {
        long h = id * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }
}
