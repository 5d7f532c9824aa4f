package dev.roomcast.scheduler;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A uniform sample of the block payloads encoded since the last {@link #drain()}, bounded by count and
 * by bytes (reservoir sampling, Vitter's algorithm R): memory stays fixed however much traffic passes.
 * {@link #offer} runs on the tick thread for every block: a counter, one random draw, rarely a copy.
 */
public final class PayloadReservoir implements BlockCodec.PayloadSampler {

    private final int maxPayloads;
    private final long maxBytes;
    private final byte[][] slots;
    private final SplittableRandom random;
    private int filled;
    private long bytes;
    private long seen;

    public PayloadReservoir(int maxPayloads, long maxBytes, long seed) {
        if (maxPayloads <= 0 || maxBytes <= 0) {
            throw new IllegalArgumentException("reservoir bounds must be positive");
        }
        this.maxPayloads = maxPayloads;
        this.maxBytes = maxBytes;
        this.slots = new byte[maxPayloads][];
        this.random = new SplittableRandom(seed);
    }

    @Override
    public synchronized void offer(byte[] payload) {
        seen++;
        if (filled < maxPayloads) {
            if (bytes + payload.length <= maxBytes) {
                slots[filled++] = payload.clone();
                bytes += payload.length;
            }
            return;
        }
        long j = random.nextLong(seen);
        if (j < maxPayloads) {
            int slot = (int) j;
            long after = bytes - slots[slot].length + payload.length;
            if (after <= maxBytes) {   // a payload that would break the byte bound is skipped, not stored
                slots[slot] = payload.clone();
                bytes = after;
            }
        }
    }

    /** The sample so far, emptied: the next sample describes the traffic from now on. */
    public synchronized List<byte[]> drain() {
        List<byte[]> out = new ArrayList<>(filled);
        for (int i = 0; i < filled; i++) {
            out.add(slots[i]);
            slots[i] = null;
        }
        filled = 0;
        bytes = 0;
        seen = 0;
        return out;
    }

    public synchronized int size() {
        return filled;
    }

    public synchronized long bytes() {
        return bytes;
    }

    /** Payloads offered since the last drain. */
    public synchronized long seen() {
        return seen;
    }
}
