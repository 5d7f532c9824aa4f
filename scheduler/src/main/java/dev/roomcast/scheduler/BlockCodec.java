package dev.roomcast.scheduler;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDictCompress;
import com.github.luben.zstd.ZstdDictTrainer;
import com.google.protobuf.UnsafeByteOperations;
import dev.roomcast.proto.v1.Block;
import dev.roomcast.proto.v1.BlockPayload;
import dev.roomcast.proto.v1.Codec;
import dev.roomcast.proto.v1.Frame;
import dev.roomcast.proto.v1.Message;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Encodes a block once and compresses it once: BlockPayload -> (zstd above the threshold, with the trained
 * dictionary when one is loaded) -> Block -> Frame bytes. Decoding lives in {@link BlockDecoder}.
 * Thread-safe: one reusable zstd context per thread (the tick thread in service), shared immutable dictionary.
 */
public final class BlockCodec {
    /** The dictionary shipped in this jar, trained on realistic room traffic (see README). */
    public static final String BUNDLED_DICTIONARY = "/dev/roomcast/scheduler/roomcast-blocks.zdict";

    private final int compressThresholdBytes;   // the threshold in effect (the dictionary one when loaded)
    private final int level;
    private final byte[] dictionary;          // null = no dictionary
    private final ZstdDictCompress compressDict;
    private final int dictionaryId;
    // A zstd context allocates its tables once; creating one per block costs more than compressing it.
    private final ThreadLocal<ZstdCompressCtx> contexts;

    /** One threshold whether or not a dictionary is loaded. */
    public BlockCodec(int compressThresholdBytes, int level, byte[] dictionary) {
        this(compressThresholdBytes, compressThresholdBytes, level, dictionary);
    }

    /**
     * @param compressThresholdBytes           compress payloads of at least this size without a dictionary
     * @param dictionaryCompressThresholdBytes ... and of at least this size with one (small blocks gain too)
     */
    public BlockCodec(int compressThresholdBytes, int dictionaryCompressThresholdBytes, int level, byte[] dictionary) {
        this.compressThresholdBytes = dictionary == null ? compressThresholdBytes : dictionaryCompressThresholdBytes;
        this.level = level;
        this.dictionary = dictionary == null ? null : dictionary.clone();
        this.compressDict = dictionary == null ? null : new ZstdDictCompress(dictionary, level);
        this.dictionaryId = dictionary == null ? 0 : dictionaryId(dictionary);
        this.contexts = ThreadLocal.withInitial(this::newContext);
    }

    private ZstdCompressCtx newContext() {
        ZstdCompressCtx ctx = new ZstdCompressCtx().setLevel(level).setChecksum(false).setContentSize(true);
        if (compressDict != null) {
            ctx.loadDict(compressDict);
        }
        return ctx;
    }

    /** A codec per the settings: bundled dictionary only when {@code dictionaryEnabled}. */
    public static BlockCodec from(SchedulerSettings settings) {
        return new BlockCodec(settings.compressThresholdBytes(), settings.dictionaryCompressThresholdBytes(),
                settings.zstdLevel(), settings.dictionaryEnabled() ? bundledDictionary() : null);
    }

    /** Builds the block frame of these messages; the list is encoded once, compressed at most once. */
    public EncodedBlock encode(String roomId, String mcastId, long blockSeq, List<Message> messages, long nowMillis,
                               boolean immediate) {
        byte[] raw = BlockPayload.newBuilder().addAllMessages(messages).build().toByteArray();
        byte[] payload = raw;
        Codec codec = Codec.CODEC_NONE;
        int dictId = 0;
        if (raw.length >= compressThresholdBytes) {
            byte[] packed = contexts.get().compress(raw);
            if (packed.length < raw.length) {   // tiny or incompressible payloads stay raw
                payload = packed;
                codec = Codec.CODEC_ZSTD;
                dictId = compressDict != null ? dictionaryId : 0;
            }
        }
        Block block = Block.newBuilder()
                .setMcastId(mcastId)
                .setBlockSeq(blockSeq)
                .setCodec(codec)
                .setDictionaryId(dictId)
                .setMessageCount(messages.size())
                .setPayload(UnsafeByteOperations.unsafeWrap(payload))
                .setCreatedAtMs(nowMillis)
                .setUncompressedSize(raw.length)
                .build();
        byte[] frame = Frame.newBuilder().setBlock(block).build().toByteArray();
        long maxMsgId = 0;
        for (Message m : messages) {
            maxMsgId = Math.max(maxMsgId, m.getMsgId());
        }
        return new EncodedBlock(roomId, mcastId, blockSeq, messages.size(), payload.length, raw.length, immediate, frame,
                maxMsgId);
    }

    /** Payloads of at least this many bytes are compressed (the dictionary threshold when one is loaded). */
    public int compressThresholdBytes() {
        return compressThresholdBytes;
    }

    /** The id written into Block.dictionary_id, or 0 when this codec has no dictionary. */
    public int dictionaryId() {
        return dictionaryId;
    }

    /** The dictionary bytes clients fetch by id (null when none). */
    public byte[] dictionary() {
        return dictionary == null ? null : dictionary.clone();
    }

    /** zstd's own dictionary id (from the dictionary header), as a signed int: the wire field is int32. */
    public static int dictionaryId(byte[] dictionary) {
        return (int) Zstd.getDictIdFromDict(dictionary);
    }

    /**
     * Trains a zstd dictionary from sample payloads (encoded BlockPayloads or single messages, the more
     * realistic the better; a few thousand samples). {@code dictSizeBytes} around 16 KiB suits chat.
     */
    public static byte[] trainDictionary(List<byte[]> samples, int dictSizeBytes) {
        long total = samples.stream().mapToLong(s -> s.length).sum();
        ZstdDictTrainer trainer = new ZstdDictTrainer((int) Math.min(Integer.MAX_VALUE, total + 1), dictSizeBytes);
        for (byte[] sample : samples) {
            trainer.addSample(sample);
        }
        return trainer.trainSamples();
    }

    /** The dictionary bundled in this jar. */
    public static byte[] bundledDictionary() {
        try (InputStream in = BlockCodec.class.getResourceAsStream(BUNDLED_DICTIONARY)) {
            if (in == null) {
                throw new IllegalStateException("bundled dictionary missing: " + BUNDLED_DICTIONARY);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
