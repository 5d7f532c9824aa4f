package dev.roomcast.scheduler;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDictCompress;
import com.google.protobuf.UnsafeByteOperations;
import dev.roomcast.proto.codec.CompactPayloads;
import dev.roomcast.proto.v1.Block;
import dev.roomcast.proto.v1.BlockPayload;
import dev.roomcast.proto.v1.Codec;
import dev.roomcast.proto.v1.Frame;
import dev.roomcast.proto.v1.Message;
import dev.roomcast.proto.v1.PayloadFormat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Encodes a block once and sends the smallest of its forms: the plain BlockPayload, zstd with the
 * dictionary in use, or zstd without one (every client decodes all three per block, so the choice is
 * free to change from block to block). With a dictionary both zstd forms are tried: one more zstd pass
 * per block (~10 µs for 20 messages) buys safety when the dictionary does not fit the traffic (before a
 * learned one takes over, plain zstd is as good as the bundled one or better, see README). The dictionary can be replaced while blocks are built
 * ({@link #useDictionary}); decoding lives in {@link BlockDecoder}.
 * Thread-safe: one reusable pair of zstd contexts per thread (the tick thread in service).
 */
public final class BlockCodec {
    /** The dictionary shipped in this jar, trained on realistic room traffic (see README). */
    public static final String BUNDLED_DICTIONARY = "/dev/roomcast/scheduler/roomcast-blocks.zdict";

    /** Block.codec = CODEC_ZSTD costs a tag and a byte that CODEC_NONE (the default) does not. */
    private static final int ZSTD_FIELD_BYTES = 2;

    private final int plainThresholdBytes;
    private final int dictionaryThresholdBytes;
    private final int level;
    private final boolean compactPayload;
    private volatile CompressionDictionary current;   // null = no dictionary
    private volatile PayloadSampler sampler = PayloadSampler.NONE;
    private final Map<Integer, Ratio> ratios = new ConcurrentHashMap<>();
    // A zstd context allocates its tables once; creating one per block costs more than compressing it.
    private final ThreadLocal<Contexts> contexts;

    /** One threshold whether or not a dictionary is loaded. */
    public BlockCodec(int compressThresholdBytes, int level, byte[] dictionary) {
        this(compressThresholdBytes, compressThresholdBytes, level, dictionary);
    }

    /**
     * @param compressThresholdBytes           without a dictionary, try zstd from this payload size
     * @param dictionaryCompressThresholdBytes with one, try zstd (with it and without) from this size
     */
    public BlockCodec(int compressThresholdBytes, int dictionaryCompressThresholdBytes, int level, byte[] dictionary) {
        this(compressThresholdBytes, dictionaryCompressThresholdBytes, level, dictionary, false);
    }

    /** @param compactPayload also build each block's compact form (CompactBlockPayload) beside the plain one */
    public BlockCodec(int compressThresholdBytes, int dictionaryCompressThresholdBytes, int level, byte[] dictionary,
                      boolean compactPayload) {
        this.compactPayload = compactPayload;
        this.plainThresholdBytes = compressThresholdBytes;
        this.dictionaryThresholdBytes = dictionaryCompressThresholdBytes;
        this.level = level;
        this.current = dictionary == null ? null : new CompressionDictionary(dictionary, level);
        this.contexts = ThreadLocal.withInitial(() -> new Contexts(level));
    }

    /** A codec per the settings: bundled dictionary only when {@code dictionaryEnabled}. */
    public static BlockCodec from(SchedulerSettings settings) {
        return new BlockCodec(settings.compressThresholdBytes(), settings.dictionaryCompressThresholdBytes(),
                settings.zstdLevel(), settings.dictionaryEnabled() ? bundledDictionary() : null,
                settings.compactPayloadEnabled());
    }

    /**
     * Compresses the blocks built from now on with this dictionary (null: none). The caller must make sure
     * clients can fetch it by its id before calling this (room-service: served by every instance first).
     */
    public void useDictionary(byte[] dictionary) {
        this.current = dictionary == null ? null : new CompressionDictionary(dictionary, level);
    }

    /**
     * Every encoded payload is offered here before compression (room-service samples them for training): both
     * forms when the compact one is built, so a learned dictionary fits whichever a connection gets.
     */
    public void sampleInto(PayloadSampler sampler) {
        this.sampler = sampler == null ? PayloadSampler.NONE : sampler;
    }

    /**
     * Builds the block frame of these messages, the list encoded once per form: the plain form always (every
     * client reads it), the compact form too when this codec produces it and its frame is smaller (connectors
     * pick per connection; {@link EncodedBlock#compactFrameBytes()} is null when plain is as small).
     */
    public EncodedBlock encode(String roomId, String mcastId, long blockSeq, List<Message> messages, long nowMillis,
                               boolean immediate) {
        byte[] raw = BlockPayload.newBuilder().addAllMessages(messages).build().toByteArray();
        Block plain = block(mcastId, blockSeq, messages.size(), nowMillis, raw, PayloadFormat.PAYLOAD_PLAIN);
        byte[] frame = Frame.newBuilder().setBlock(plain).build().toByteArray();
        byte[] compactFrame = null;
        int compactPayloadBytes = 0;
        if (compactPayload) {
            byte[] compactRaw = CompactPayloads.compact(messages).toByteArray();
            Block compact = block(mcastId, blockSeq, messages.size(), nowMillis, compactRaw, PayloadFormat.PAYLOAD_COMPACT);
            byte[] candidate = Frame.newBuilder().setBlock(compact).build().toByteArray();
            // Compact clients read the plain form too: a one-message block, whose sender table and room line
            // save nothing, goes to them plain when that frame is no larger.
            if (candidate.length < frame.length) {
                compactFrame = candidate;
                compactPayloadBytes = compact.getPayload().size();
            }
        }
        long maxMsgId = 0;
        for (Message m : messages) {
            maxMsgId = Math.max(maxMsgId, m.getMsgId());
        }
        return new EncodedBlock(roomId, mcastId, blockSeq, messages.size(), plain.getPayload().size(), raw.length,
                immediate, frame, maxMsgId, compactFrame, compactPayloadBytes);
    }

    /** True when {@link #encode} also builds the compact form. */
    public boolean producesCompactPayload() {
        return compactPayload;
    }

    /** One form's Block: its payload as the smallest of raw, zstd + dictionary, zstd. */
    private Block block(String mcastId, long blockSeq, int messageCount, long nowMillis, byte[] raw, PayloadFormat format) {
        sampler.offer(raw);
        CompressionDictionary dict = current;
        Contexts ctx = contexts.get();
        byte[] payload = raw;
        Codec codec = Codec.CODEC_NONE;
        int dictId = 0;
        int cost = raw.length;   // bytes on the wire that depend on the choice
        if (dict != null && raw.length >= dictionaryThresholdBytes) {
            byte[] packed = ctx.withDictionary(dict).compress(raw);
            if (packed.length + ZSTD_FIELD_BYTES + dict.idFieldBytes() < cost) {
                payload = packed;
                codec = Codec.CODEC_ZSTD;
                dictId = dict.id();
                cost = packed.length + ZSTD_FIELD_BYTES + dict.idFieldBytes();
            }
        }
        if (raw.length >= (dict == null ? plainThresholdBytes : dictionaryThresholdBytes)) {
            byte[] packed = ctx.plain.compress(raw);
            if (packed.length + ZSTD_FIELD_BYTES < cost) {   // tiny or incompressible payloads stay raw
                payload = packed;
                codec = Codec.CODEC_ZSTD;
                dictId = 0;
            }
        }
        ratios.computeIfAbsent(dictId, id -> new Ratio()).add(raw.length, payload.length);
        return Block.newBuilder()
                .setMcastId(mcastId)
                .setBlockSeq(blockSeq)
                .setCodec(codec)
                .setDictionaryId(dictId)
                .setMessageCount(messageCount)
                .setPayload(UnsafeByteOperations.unsafeWrap(payload))
                .setCreatedAtMs(nowMillis)
                .setUncompressedSize(raw.length)
                .setPayloadFormat(format)
                .build();
    }

    /** Payloads of at least this many bytes are compressed (the dictionary threshold when one is loaded). */
    public int compressThresholdBytes() {
        return current == null ? plainThresholdBytes : Math.min(plainThresholdBytes, dictionaryThresholdBytes);
    }

    /** The id of the dictionary in use (written into Block.dictionary_id), or 0 when there is none. */
    public int dictionaryId() {
        CompressionDictionary d = current;
        return d == null ? 0 : d.id();
    }

    /** The dictionary bytes in use, which clients fetch by id (null when none). */
    public byte[] dictionary() {
        CompressionDictionary d = current;
        return d == null ? null : d.bytes();
    }

    /**
     * Payload bytes before and after compression of the blocks sent so far, by the dictionary id they name
     * (0: zstd without a dictionary, or no compression). Values: {@code [uncompressed, sent]}.
     */
    public Map<Integer, long[]> ratioByDictionary() {
        Map<Integer, long[]> out = new java.util.TreeMap<>();
        ratios.forEach((id, r) -> out.put(id, new long[] {r.raw.sum(), r.sent.sum()}));
        return out;
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
        return DictionaryTrainer.train(samples, dictSizeBytes);
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

    /** Where encoded payloads are offered for sampling; called on the encoding thread, must not block. */
    @FunctionalInterface
    public interface PayloadSampler {
        PayloadSampler NONE = payload -> { };

        void offer(byte[] payload);
    }

    /** A dictionary prepared for compression once (preparing costs far more than compressing a block). */
    private record CompressionDictionary(int id, byte[] bytes, ZstdDictCompress prepared) {
        CompressionDictionary(byte[] bytes, int level) {
            this(dictionaryId(bytes), bytes.clone(), new ZstdDictCompress(bytes, level));
        }

        /** Block.dictionary_id on the wire: a tag and the int32 varint (10 bytes when negative). */
        int idFieldBytes() {
            return 1 + com.google.protobuf.CodedOutputStream.computeInt32SizeNoTag(id);
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }
    }

    /** One thread's zstd contexts: plain, and one holding the dictionary it last used. */
    private static final class Contexts {
        final ZstdCompressCtx plain;
        final ZstdCompressCtx dictionary;
        CompressionDictionary loaded;

        Contexts(int level) {
            plain = new ZstdCompressCtx().setLevel(level).setChecksum(false).setContentSize(true);
            dictionary = new ZstdCompressCtx().setLevel(level).setChecksum(false).setContentSize(true);
        }

        ZstdCompressCtx withDictionary(CompressionDictionary d) {
            if (loaded != d) {   // a new dictionary took over: reload once per thread
                dictionary.loadDict(d.prepared());
                loaded = d;
            }
            return dictionary;
        }
    }

    private static final class Ratio {
        final LongAdder raw = new LongAdder();
        final LongAdder sent = new LongAdder();

        void add(int rawBytes, int sentBytes) {
            raw.add(rawBytes);
            sent.add(sentBytes);
        }
    }
}
