package dev.roomcast.connector.bench;

import com.google.protobuf.CodedInputStream;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * What every benchmark subscriber records, whatever its protocol: frames received and the
 * publish-to-receipt delay in 0.1 ms buckets. A frame is identified by its block_seq, read from the first
 * bytes without decoding the payload (the load process must stay cheap: it shares the cores).
 */
class Receipts {

    static final int BUCKETS = 100_001;

    final AtomicLong frames = new AtomicLong();
    final AtomicLongArray latency = new AtomicLongArray(BUCKETS);
    /** Connections that failed to open or were closed by the server. */
    final AtomicLong failures = new AtomicLong();
    /** sentNanos[seq]: System.nanoTime() just before block seq was published (0 = not sent). */
    volatile long[] sentNanos = new long[0];

    void onFrame(byte[] bytes, int offset, int length) {
        long now = System.nanoTime();
        long seq = blockSeq(bytes, offset, length);
        if (seq < 0) {
            return;
        }
        frames.incrementAndGet();
        long[] sent = sentNanos;
        if (seq < sent.length && sent[(int) seq] != 0 && now >= sent[(int) seq]) {
            // A late frame of the previous run may carry a seq of this run: its send time is later.
            long tenthsOfMs = (now - sent[(int) seq]) / 100_000;
            latency.incrementAndGet((int) Math.min(BUCKETS - 1, tenthsOfMs));
        }
    }

    /** block_seq of a Frame{block}, or -1 for any other frame (heartbeat echoes). */
    static long blockSeq(byte[] bytes, int offset, int length) {
        try {
            CodedInputStream in = CodedInputStream.newInstance(bytes, offset, length);
            if (in.readTag() != ((16 << 3) | 2)) {
                return -1;
            }
            in.readRawVarint32();
            while (true) {
                int tag = in.readTag();
                if (tag == 0) {
                    return -1;
                }
                if (tag == (2 << 3)) {
                    return in.readInt64();
                }
                in.skipField(tag);
            }
        } catch (IOException e) {
            return -1;
        }
    }

    /** Percentile of the recorded delays in milliseconds, from the 0.1 ms buckets. */
    double percentileMs(double p) {
        long total = 0;
        for (int i = 0; i < BUCKETS; i++) {
            total += latency.get(i);
        }
        long rank = (long) Math.ceil(total * p);
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += latency.get(i);
            if (seen >= rank && total > 0) {
                return i / 10.0;
            }
        }
        return Double.NaN;
    }

    void resetLatency() {
        for (int i = 0; i < BUCKETS; i++) {
            latency.set(i, 0);
        }
    }
}
