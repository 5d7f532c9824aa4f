package dev.roomcast.loadgen.wire;

import com.github.luben.zstd.ZstdCompressCtx;
import com.google.protobuf.ByteString;
import dev.roomcast.loadgen.measure.JsonPrice;
import dev.roomcast.loadgen.traffic.ChatMixKind;
import dev.roomcast.proto.v1.Block;
import dev.roomcast.proto.v1.BlockPayload;
import dev.roomcast.proto.v1.Codec;
import dev.roomcast.proto.v1.Frame;
import dev.roomcast.proto.v1.Message;
import dev.roomcast.scheduler.BlockCodec;
import dev.roomcast.scheduler.DictionaryTrainer;
import dev.roomcast.scheduler.EncodedBlock;
import dev.roomcast.scheduler.PayloadReservoir;
import dev.roomcast.scheduler.SchedulerSettings;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Wire bytes per delivered message against the same messages as plain JSON, per block size and chat mix,
 * with the bundled dictionary and with one learned from the mix the way room-service learns it
 * ({@link PayloadReservoir} fed by the codec, {@link DictionaryTrainer#propose}). Deterministic: fixed seeds,
 * sizes only (the CPU figures beside them are thread CPU time and vary a little from run to run).
 */
public final class WireSizeReport {

    static final int[] BLOCK_SIZES = {1, 2, 5, 20};
    /** Block.mcast_id of every measured frame (a typical room id length). */
    static final String MCAST = "room:live-123456";
    /** Blocks measured per size, from seeds the learned dictionary never saw. */
    static final int BLOCKS = 400;
    /** What room-service's defaults sample before a training (see DictionaryConfig). */
    static final int SAMPLE_PAYLOADS = 2000;
    static final long SAMPLE_BYTES = 4L << 20;
    static final int DICTIONARY_BYTES = 32 * 1024;
    static final int HELD_OUT_EVERY = 10;

    private final SchedulerSettings settings = SchedulerSettings.defaults();
    private final byte[] bundled = BlockCodec.bundledDictionary();

    /** One row: a mix, a block size, a codec setting; averages per message. */
    record Row(String mix, int messagesPerBlock, String codec, double jsonBytesPerMessage, double wireBytesPerMessage,
               double encodeCpuMicrosPerBlock) {
        double percentOfJson() {
            return 100.0 * wireBytesPerMessage / jsonBytesPerMessage;
        }
    }

    /** The learned dictionary of a mix and what it cost to train. */
    record Learned(byte[] dictionary, long trainingCpuMillis, double heldOutRatio, double bundledHeldOutRatio) {
    }

    /**
     * The dictionary room-service learns from the mix. {@code compactToo}: the codec builds the compact form as
     * well (the default since it exists), so the sample holds payloads of both forms.
     */
    Learned learn(ChatMixKind mix, boolean compactToo) {
        // Live rooms of every size feed the reservoir: small rooms send many small blocks, big rooms full ones.
        PayloadReservoir reservoir = new PayloadReservoir(SAMPLE_PAYLOADS, SAMPLE_BYTES, 7);
        BlockCodec codec = codec(bundled, compactToo);
        codec.sampleInto(reservoir);
        ChatBlocks traffic = new ChatBlocks(mix, 1);
        for (int i = 0; i < 3 * SAMPLE_PAYLOADS; i++) {
            codec.encode("r", "room:r", i, traffic.block(BLOCK_SIZES[i % BLOCK_SIZES.length]), 0, false);
        }
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        long t0 = cpu.getCurrentThreadCpuTime();
        DictionaryTrainer.Candidate candidate = DictionaryTrainer.propose(reservoir.drain(), HELD_OUT_EVERY,
                DICTIONARY_BYTES, settings.zstdLevel(), bundled, DictionaryTrainer.FIRST_LEARNED_ID);
        long cpuMillis = (cpu.getCurrentThreadCpuTime() - t0) / 1_000_000;
        return new Learned(candidate.dictionary(), cpuMillis, candidate.candidateRatio(), candidate.currentRatio());
    }

    /** The codec as room-service runs it: per block the smallest of plain, zstd, zstd + dictionary. */
    BlockCodec codec(byte[] dictionary, boolean compactToo) {
        return new BlockCodec(settings.compressThresholdBytes(), settings.dictionaryCompressThresholdBytes(),
                settings.zstdLevel(), dictionary, compactToo);
    }

    /**
     * Rows without "compact" are the frames every client gets from a plain-only codec (before the compact form);
     * "compact-*" rows are what a client that negotiated the compact form gets (the compact frame, or the plain one
     * where that was no larger); "plain-under-compact-learned" is what an old client gets once the dictionary was
     * learned from both forms.
     */
    List<Row> measure(ChatMixKind mix, Learned learned, Learned learnedBoth) {
        Map<String, BlockCodec> codecs = new LinkedHashMap<>();
        codecs.put("protobuf", new BlockCodec(Integer.MAX_VALUE, settings.zstdLevel(), null));
        codecs.put("zstd", new BlockCodec(0, settings.zstdLevel(), null));
        codecs.put("smallest-bundled", codec(bundled, false));
        codecs.put("smallest-learned", codec(learned.dictionary(), false));
        codecs.put("compact-protobuf", new BlockCodec(Integer.MAX_VALUE, Integer.MAX_VALUE, settings.zstdLevel(), null, true));
        codecs.put("compact-zstd", new BlockCodec(0, 0, settings.zstdLevel(), null, true));
        codecs.put("compact-smallest-bundled", codec(bundled, true));
        codecs.put("compact-smallest-learned", codec(learnedBoth.dictionary(), true));
        codecs.put("plain-under-compact-learned", codec(learnedBoth.dictionary(), true));
        List<Row> rows = new ArrayList<>();
        for (int size : BLOCK_SIZES) {
            ChatBlocks traffic = new ChatBlocks(mix, 1_000_003L * size);
            List<List<Message>> blocks = new ArrayList<>(BLOCKS);
            long json = 0;
            for (int i = 0; i < BLOCKS; i++) {
                List<Message> block = traffic.block(size);
                blocks.add(block);
                json += 2 + block.size() - 1;   // [ , ]
                for (Message m : block) {
                    json += JsonPrice.bytes(m);
                }
            }
            double messages = (double) BLOCKS * size;
            ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
            long dictionaryOnly = 0;
            for (List<Message> block : blocks) {
                dictionaryOnly += dictionaryOnlyFrameBytes(block);
            }
            rows.add(new Row(mix.name().toLowerCase(Locale.ROOT), size, "bundled-dict-only", json / messages,
                    dictionaryOnly / messages, 0));
            for (Map.Entry<String, BlockCodec> c : codecs.entrySet()) {
                boolean compactClient = c.getKey().startsWith("compact-");
                long wire = 0;
                for (List<Message> block : blocks) {
                    EncodedBlock encoded = c.getValue().encode("r", MCAST, 1, block, 1_760_000_000_000L, false);
                    wire += compactClient && encoded.hasCompactForm() ? encoded.compactFrameBytes().length
                            : encoded.frameBytes().length;
                }
                long t0 = cpu.getCurrentThreadCpuTime();   // a second pass, warm, for the encode CPU only
                for (List<Message> block : blocks) {
                    c.getValue().encode("r", MCAST, 1, block, 1_760_000_000_000L, false);
                }
                double cpuMicros = (cpu.getCurrentThreadCpuTime() - t0) / 1e3 / BLOCKS;
                rows.add(new Row(mix.name().toLowerCase(Locale.ROOT), size, c.getKey(), json / messages, wire / messages,
                        cpuMicros));
            }
        }
        return rows;
    }

    /**
     * The frame as the codec built it before the per-block choice: zstd with the bundled dictionary from
     * 64 B when that is smaller than the payload, never plain zstd.
     */
    private int dictionaryOnlyFrameBytes(List<Message> messages) {
        byte[] raw = BlockPayload.newBuilder().addAllMessages(messages).build().toByteArray();
        Block.Builder block = Block.newBuilder().setMcastId(MCAST).setBlockSeq(1).setMessageCount(messages.size())
                .setCreatedAtMs(1_760_000_000_000L).setUncompressedSize(raw.length)
                .setPayload(ByteString.copyFrom(raw));
        if (raw.length >= settings.dictionaryCompressThresholdBytes()) {
            try (ZstdCompressCtx ctx = new ZstdCompressCtx()) {
                byte[] packed = ctx.setLevel(settings.zstdLevel()).setContentSize(true).loadDict(bundled).compress(raw);
                if (packed.length < raw.length) {
                    block.setCodec(Codec.CODEC_ZSTD).setDictionaryId(BlockCodec.dictionaryId(bundled))
                            .setPayload(ByteString.copyFrom(packed));
                }
            }
        }
        return Frame.newBuilder().setBlock(block).build().getSerializedSize();
    }

    /** Runs both mixes; prints a table and returns the report as JSON. */
    public static String run(PrintStream out) {
        WireSizeReport report = new WireSizeReport();
        StringBuilder json = new StringBuilder("{\"blocksPerSize\":").append(BLOCKS)
                .append(",\"wire\":\"whole Frame bytes per delivered message\",\"json\":\"compact protobuf JSON of the same messages\",")
                .append("\"samplePayloads\":").append(SAMPLE_PAYLOADS).append(",\"dictionaryBytes\":").append(DICTIONARY_BYTES)
                .append(",\"mixes\":[");
        boolean firstMix = true;
        for (ChatMixKind mix : ChatMixKind.values()) {
            Learned learned = report.learn(mix, false);
            Learned learnedBoth = report.learn(mix, true);
            List<Row> rows = report.measure(mix, learned, learnedBoth);
            out.printf(Locale.ROOT, "%n%s mix: learned dictionary %d B, training CPU %d ms, held-out ratio %.2f (bundled %.2f);"
                            + " learned from both forms %d B, %d ms, %.2f%n",
                    mix, learned.dictionary().length, learned.trainingCpuMillis(), learned.heldOutRatio(),
                    learned.bundledHeldOutRatio(), learnedBoth.dictionary().length, learnedBoth.trainingCpuMillis(),
                    learnedBoth.heldOutRatio());
            out.printf("%-6s %-28s %10s %10s %8s %14s%n", "msgs", "codec", "json B/msg", "wire B/msg", "% json", "encode µs/blk");
            json.append(firstMix ? "" : ",").append(String.format(Locale.ROOT,
                    "{\"mix\":\"%s\",\"learnedDictionaryBytes\":%d,\"trainingCpuMillis\":%d,\"learnedHeldOutRatio\":%.3f,"
                            + "\"bundledHeldOutRatio\":%.3f,\"compactLearnedDictionaryBytes\":%d,"
                            + "\"compactTrainingCpuMillis\":%d,\"compactLearnedHeldOutRatio\":%.3f,\"rows\":[",
                    mix.name().toLowerCase(Locale.ROOT), learned.dictionary().length, learned.trainingCpuMillis(),
                    learned.heldOutRatio(), learned.bundledHeldOutRatio(), learnedBoth.dictionary().length,
                    learnedBoth.trainingCpuMillis(), learnedBoth.heldOutRatio()));
            firstMix = false;
            for (int i = 0; i < rows.size(); i++) {
                Row r = rows.get(i);
                out.printf(Locale.ROOT, "%-6d %-28s %10.1f %10.1f %7.1f%% %14.1f%n", r.messagesPerBlock(), r.codec(),
                        r.jsonBytesPerMessage(), r.wireBytesPerMessage(), r.percentOfJson(), r.encodeCpuMicrosPerBlock());
                json.append(i > 0 ? "," : "").append(String.format(Locale.ROOT,
                        "{\"messagesPerBlock\":%d,\"codec\":\"%s\",\"jsonBytesPerMessage\":%.1f,\"wireBytesPerMessage\":%.1f,"
                                + "\"percentOfJson\":%.1f,\"encodeCpuMicrosPerBlock\":%.1f}",
                        r.messagesPerBlock(), r.codec(), r.jsonBytesPerMessage(), r.wireBytesPerMessage(), r.percentOfJson(),
                        r.encodeCpuMicrosPerBlock()));
            }
            json.append("]}");
        }
        return json.append("]}\n").toString();
    }
}
