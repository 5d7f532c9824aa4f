package dev.roomcast.scheduler;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Rebuilds the bundled dictionary from {@link SampleTraffic} (training seeds 1..4000; benchmarks and
 * tests evaluate on other seeds). Run: {@code scheduler/bench/train-dictionary.sh}.
 */
public final class TrainDictionary {
    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0]
                : "scheduler/src/main/resources" + BlockCodec.BUNDLED_DICTIONARY);
        int dictSize = args.length > 1 ? Integer.parseInt(args[1]) : 32 * 1024;
        List<byte[]> samples = new ArrayList<>();
        for (int seed = 1; seed <= 4000; seed++) {
            samples.add(new SampleTraffic(seed).encodedBlock(20));
        }
        byte[] dict = BlockCodec.trainDictionary(samples, dictSize);
        Files.createDirectories(out.getParent());
        Files.write(out, dict);
        System.out.printf("dictionary %s: %d bytes, id %d%n", out, dict.length, BlockCodec.dictionaryId(dict));
    }
}
