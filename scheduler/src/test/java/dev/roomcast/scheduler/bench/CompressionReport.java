package dev.roomcast.scheduler.bench;

import dev.roomcast.proto.v1.BlockPayload;
import dev.roomcast.proto.v1.Message;
import dev.roomcast.scheduler.BlockCodec;
import dev.roomcast.scheduler.SampleTraffic;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Compression ratio of realistic blocks against the same messages as plain JSON (Baidu reports 6.7:1).
 * Sizes compared: the JSON array, the raw protobuf payload, and the whole Block frame on the wire with zstd
 * level 3, without and with the bundled dictionary. Blocks come from seeds the dictionary never saw.
 * Usage: {@code CompressionReport [--json FILE]}.
 */
public final class CompressionReport {
    private static final int BLOCKS = 1000;

    public static void main(String[] args) throws IOException {
        BlockCodec plain = new BlockCodec(0, 3, null);
        BlockCodec dict = new BlockCodec(0, 3, BlockCodec.bundledDictionary());
        BlockCodec none = new BlockCodec(Integer.MAX_VALUE, 3, null);
        List<String> rows = new ArrayList<>();
        System.out.printf("%-12s %10s %10s %10s %10s %10s %8s %8s%n", "block", "json B", "proto B", "frame B",
                "zstd B", "dict B", "json/zstd", "json/dict");
        for (int size : new int[] {20, 5, 1}) {
            long json = 0;
            long proto = 0;
            long frameRaw = 0;
            long zstd = 0;
            long zstdDict = 0;
            for (int seed = 60_000; seed < 60_000 + BLOCKS; seed++) {
                List<Message> messages = new SampleTraffic(seed).block(size);
                json += SampleTraffic.toJson(messages).getBytes(StandardCharsets.UTF_8).length;
                proto += BlockPayload.newBuilder().addAllMessages(messages).build().getSerializedSize();
                frameRaw += none.encode("r", "room:123456", 1, messages, 1, false).frameBytes().length;
                zstd += plain.encode("r", "room:123456", 1, messages, 1, false).frameBytes().length;
                zstdDict += dict.encode("r", "room:123456", 1, messages, 1, false).frameBytes().length;
            }
            double rZstd = (double) json / zstd;
            double rDict = (double) json / zstdDict;
            System.out.printf(Locale.ROOT, "%-12s %10d %10d %10d %10d %10d %8.2f %8.2f%n", size + " msgs",
                    json / BLOCKS, proto / BLOCKS, frameRaw / BLOCKS, zstd / BLOCKS, zstdDict / BLOCKS, rZstd, rDict);
            rows.add(String.format(Locale.ROOT,
                    "{\"messagesPerBlock\":%d,\"blocks\":%d,\"avgJsonBytes\":%d,\"avgProtoPayloadBytes\":%d,"
                            + "\"avgFrameBytesUncompressed\":%d,\"avgFrameBytesZstd\":%d,\"avgFrameBytesZstdDict\":%d,"
                            + "\"ratioJsonToProto\":%.3f,\"ratioJsonToZstd\":%.3f,\"ratioJsonToZstdDict\":%.3f}",
                    size, BLOCKS, json / BLOCKS, proto / BLOCKS, frameRaw / BLOCKS, zstd / BLOCKS, zstdDict / BLOCKS,
                    (double) json / proto, rZstd, rDict));
        }
        if (args.length == 2 && args[0].equals("--json")) {
            Path out = Path.of(args[1]);
            Files.writeString(out, "[" + String.join(",\n", rows) + "]\n");
            System.out.println("written " + out);
        }
    }
}
