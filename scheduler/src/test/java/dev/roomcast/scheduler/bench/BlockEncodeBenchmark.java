package dev.roomcast.scheduler.bench;

import dev.roomcast.proto.v1.Message;
import dev.roomcast.scheduler.BlockCodec;
import dev.roomcast.scheduler.EncodedBlock;
import dev.roomcast.scheduler.SampleTraffic;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.List;
import java.util.concurrent.TimeUnit;

/** Building, encoding and compressing one 20-message block of realistic traffic (what a tick does per room). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class BlockEncodeBenchmark {
    @Param({"none", "zstd", "zstd-dict"})
    String codec;

    private List<Message>[] blocks;
    private BlockCodec blockCodec;
    private int next;

    @SuppressWarnings("unchecked")
    @Setup(Level.Trial)
    public void prepare() {
        blocks = new List[64];
        for (int i = 0; i < blocks.length; i++) {
            blocks[i] = new SampleTraffic(30_000 + i).block(20);
        }
        blockCodec = switch (codec) {
            case "none" -> new BlockCodec(Integer.MAX_VALUE, 3, null);
            case "zstd" -> new BlockCodec(512, 3, null);
            default -> new BlockCodec(512, 3, BlockCodec.bundledDictionary());
        };
    }

    @Benchmark
    public EncodedBlock encode20() {
        List<Message> block = blocks[next];
        next = (next + 1) & 63;
        return blockCodec.encode("42", "room:42", next, block, 1_700_000_000_000L, false);
    }
}
