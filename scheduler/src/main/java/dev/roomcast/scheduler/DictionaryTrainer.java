package dev.roomcast.scheduler;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDictTrainer;

import java.util.List;

/**
 * Trains zstd dictionaries from block payloads and scores them on held-out payloads the way
 * {@link BlockCodec} would send them. CPU-heavy (hundreds of ms): call it on a worker thread, never an
 * event loop or the tick thread.
 */
public final class DictionaryTrainer {

    /** Ids below this are reserved by zstd for a future registrar; learned ids count up from here. */
    public static final int FIRST_LEARNED_ID = 32_768;

    private static final int MAGIC = 0xEC30A437;

    private DictionaryTrainer() {
    }

    /**
     * A dictionary of at most {@code dictSizeBytes} trained on these payloads.
     *
     * @throws IllegalArgumentException when zstd cannot train from them (too few or too small samples)
     */
    public static byte[] train(List<byte[]> samples, int dictSizeBytes) {
        long total = samples.stream().mapToLong(s -> s.length).sum();
        ZstdDictTrainer trainer = new ZstdDictTrainer((int) Math.min(Integer.MAX_VALUE - 1, total + 1), dictSizeBytes);
        for (byte[] sample : samples) {
            trainer.addSample(sample);
        }
        try {
            return trainer.trainSamples();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("zstd could not train a dictionary from " + samples.size()
                    + " samples (" + total + " B): " + e.getMessage(), e);
        }
    }

    /**
     * The same dictionary under another id. The id lives only in the header (bytes 4..7, little-endian), so
     * rewriting it changes nothing else; a small positive id keeps Block.dictionary_id a short varint,
     * where zstd's random ids often need 5 bytes, or 10 when they read negative as int32.
     */
    public static byte[] withId(byte[] dictionary, int id) {
        if (id < FIRST_LEARNED_ID) {
            throw new IllegalArgumentException("dictionary ids below " + FIRST_LEARNED_ID + " are reserved: " + id);
        }
        if (dictionary.length < 8 || readIntLe(dictionary, 0) != MAGIC) {
            throw new IllegalArgumentException("not a zstd dictionary (no magic number)");
        }
        byte[] out = dictionary.clone();
        for (int i = 0; i < 4; i++) {
            out[4 + i] = (byte) (id >>> (8 * i));
        }
        return out;
    }

    /**
     * Trains a candidate on all but every {@code heldOutEvery}-th payload and scores it and the dictionary in
     * use on those held back (payloads the candidate never saw, as live blocks will be).
     *
     * @param current the dictionary in use (null: none)
     * @param id      the id the candidate gets (see {@link #withId})
     */
    public static Candidate propose(List<byte[]> sample, int heldOutEvery, int dictSizeBytes, int level,
                                    byte[] current, int id) {
        List<byte[]> training = new java.util.ArrayList<>(sample.size());
        List<byte[]> heldOut = new java.util.ArrayList<>(sample.size() / heldOutEvery + 1);
        for (int i = 0; i < sample.size(); i++) {
            (i % heldOutEvery == heldOutEvery - 1 ? heldOut : training).add(sample.get(i));
        }
        byte[] dictionary = withId(train(training, dictSizeBytes), id);
        long raw = heldOut.stream().mapToLong(p -> p.length).sum();
        return new Candidate(dictionary, raw, sentBytes(dictionary, heldOut, level), sentBytes(current, heldOut, level),
                roundTrips(dictionary, heldOut, level));
    }

    /**
     * A trained dictionary and its score on the held-out payloads.
     *
     * @param rawBytes       the held-out payloads before compression
     * @param candidateBytes ... as sent with the candidate
     * @param currentBytes   ... as sent with the dictionary in use
     * @param roundTrips     every held-out payload decompressed back to itself
     */
    public record Candidate(byte[] dictionary, long rawBytes, long candidateBytes, long currentBytes, boolean roundTrips) {

        /** Whether the candidate is sound and sends at least {@code minGainPercent} fewer bytes than the one in use. */
        public boolean beats(double minGainPercent) {
            return roundTrips && candidateBytes > 0
                    && candidateBytes <= currentBytes * (1 - minGainPercent / 100.0);
        }

        /** Uncompressed : sent, on the held-out payloads. */
        public double candidateRatio() {
            return candidateBytes == 0 ? 0 : (double) rawBytes / candidateBytes;
        }

        public double currentRatio() {
            return currentBytes == 0 ? 0 : (double) rawBytes / currentBytes;
        }
    }

    /** Bytes the held-out payloads take as BlockCodec sends them with this dictionary (null: without one). */
    public static long sentBytes(byte[] dictionary, List<byte[]> heldOut, int level) {
        try (ZstdCompressCtx ctx = new ZstdCompressCtx()) {
            ctx.setLevel(level).setChecksum(false).setContentSize(true);
            if (dictionary != null) {
                ctx.loadDict(dictionary);
            }
            long total = 0;
            for (byte[] payload : heldOut) {
                total += Math.min(payload.length, ctx.compress(payload).length);
            }
            return total;
        }
    }

    /** Whether the payloads round-trip through this dictionary (a corrupt one must never be rolled out). */
    public static boolean roundTrips(byte[] dictionary, List<byte[]> payloads, int level) {
        try (ZstdCompressCtx ctx = new ZstdCompressCtx()) {
            ctx.setLevel(level).setContentSize(true).loadDict(dictionary);
            for (byte[] payload : payloads) {
                byte[] back = Zstd.decompress(ctx.compress(payload), new com.github.luben.zstd.ZstdDictDecompress(dictionary),
                        payload.length);
                if (!java.util.Arrays.equals(back, payload)) {
                    return false;
                }
            }
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static int readIntLe(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16 | (b[at + 3] & 0xff) << 24;
    }
}
