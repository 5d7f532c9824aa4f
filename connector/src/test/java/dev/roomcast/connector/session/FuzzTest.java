package dev.roomcast.connector.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.roomcast.connector.membership.ConnectionRegistry;
import dev.roomcast.connector.support.Eventually;
import dev.roomcast.connector.support.Tokens;
import dev.roomcast.connector.support.WireClient;
import dev.roomcast.connector.transport.EventLoops;
import dev.roomcast.proto.v1.Auth;
import dev.roomcast.proto.v1.ErrorCode;
import dev.roomcast.proto.v1.Frame;
import dev.roomcast.proto.v1.GiftAck;
import dev.roomcast.proto.v1.GiftPull;
import dev.roomcast.proto.v1.Heartbeat;
import dev.roomcast.proto.v1.Join;
import dev.roomcast.proto.v1.Leave;
import dev.roomcast.proto.v1.Refresh;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A seeded fuzzer against the real connector over WebSocket and TCP: valid frames with random fields,
 * their bytes mutated (bit flips, cuts, splices, inserted bytes), random bytes of any length (past the
 * hard cap too), raw TCP length prefixes. Asserts that every answer is a typed code and never
 * SERVER_ERROR, that the event loops keep answering within the blocked-thread limit throughout, and
 * that memory and connections return to where they were. {@code -Droomcast.fuzz.seed=N} replays a run.
 */
@QuarkusTest
class FuzzTest {

    private static final long SEED = Long.getLong("roomcast.fuzz.seed", 20261202L);
    private static final int CONNECTIONS_PER_TRANSPORT = 24;
    private static final int FRAMES_PER_CONNECTION = 60;
    /** Vert.x warns about a blocked event loop after 2 s: any loop slower than that to run a task fails the test. */
    private static final long MAX_LOOP_LAG_MILLIS = 2_000;
    private static final Set<Integer> TYPED_CODES = java.util.Arrays.stream(ErrorCode.values())
            .filter(c -> c != ErrorCode.UNRECOGNIZED && c != ErrorCode.ERROR_CODE_UNSPECIFIED)
            .map(ErrorCode::getNumber).collect(Collectors.toSet());

    @Inject
    Vertx vertx;

    @Inject
    EventLoops loops;

    @Inject
    ConnectionRegistry connections;

    @Inject
    MeterRegistry meters;

    @Test
    void randomAndMutatedFramesOnlyEverGetTypedAnswers() throws Exception {
        Random random = new Random(SEED);
        Map<String, Integer> seen = new TreeMap<>();
        long heapBefore = usedHeapAfterGc();
        int connectionsBefore = connections.count();
        double serverErrorsBefore = serverErrors();
        AtomicLong maxLagMillis = new AtomicLong();
        ScheduledExecutorService probe = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        probe.scheduleAtFixedRate(() -> {
            for (int i = 0; i < loops.count(); i++) {
                long queued = System.nanoTime();
                loops.get(i).execute(() -> maxLagMillis.accumulateAndGet(
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - queued), Math::max));
            }
        }, 0, 50, TimeUnit.MILLISECONDS);
        try {
            for (int c = 0; c < CONNECTIONS_PER_TRANSPORT * 2; c++) {
                boolean ws = c % 2 == 0;
                try (WireClient client = ws ? WireClient.ws(vertx) : WireClient.tcp(vertx)) {
                    if (random.nextInt(4) > 0) {
                        client.send(Frame.newBuilder().setReqId(1).setAuth(auth(random)).build());
                    }
                    lastKind = "";
                    for (int f = 0; f < FRAMES_PER_CONNECTION && !client.isClosed(); f++) {
                        sendOne(random, client, ws);
                        if (random.nextInt(8) == 0) {
                            Thread.sleep(random.nextInt(20));
                        }
                    }
                    Thread.sleep(100);
                    collect(client, ws, seen, lastKind);
                }
            }
        } finally {
            probe.shutdownNow();
        }

        assertThat(seen).as("answers by code (seed %d)", SEED).isNotEmpty();
        assertThat(seen.keySet()).as("only typed codes (seed %d): %s", SEED, seen)
                .allSatisfy(code -> assertThat(code).startsWith("error:"));
        assertThat(seen).doesNotContainKey("error:SERVER_ERROR");
        assertThat(serverErrors()).isEqualTo(serverErrorsBefore);
        assertThat(maxLagMillis.get()).as("slowest event-loop task start (ms)").isLessThan(MAX_LOOP_LAG_MILLIS);
        Eventually.until(Duration.ofSeconds(10), () -> connections.count() <= connectionsBefore);
        long grown = usedHeapAfterGc() - heapBefore;
        assertThat(grown).as("heap growth after %d connections (bytes)", CONNECTIONS_PER_TRANSPORT * 2)
                .isLessThan(64L * 1024 * 1024);
    }

    /** Records what the client got: frames (which must decode), error codes, and the WebSocket close code. */
    /** The last kind of input sent on the current connection, named in an unexpected close. */
    private String lastKind = "";

    private static void collect(WireClient client, boolean ws, Map<String, Integer> seen, String lastKind)
            throws InterruptedException {
        // Counted before draining: a frame arriving meanwhile is in the queue, never missing from it.
        int received = client.raw.size() + client.texts.size();
        int decoded = 0;
        for (Frame f = client.poll(Duration.ofMillis(50)); f != null; f = client.poll(Duration.ofMillis(50))) {
            decoded++;
            if (f.hasError()) {
                ErrorCode code = f.getError().getCode();
                seen.merge(TYPED_CODES.contains(f.getError().getCodeValue()) ? "error:" + code : "untyped:" + f.getError().getCodeValue(), 1, Integer::sum);
            }
            if (f.hasKick()) {
                seen.merge("error:" + f.getKick().getCode(), 1, Integer::sum);
            }
        }
        assertThat(decoded).as("every server frame decodes").isGreaterThanOrEqualTo(received);
        if (ws && client.isClosed()) {
            int close = client.awaitClosed(Duration.ofMillis(1));
            // The one untyped close allowed: right after a frame above the hard cap, Vert.x resets the
            // connection as Netty refuses the frame; the FRAME_TOO_LARGE close is written first, but a
            // client still sending can lose it to the reset.
            String key = TYPED_CODES.contains(close) ? "error:" + ErrorCode.forNumber(close)
                    : close == -1 && lastKind.contains("oversized") ? "error:reset-after-oversized-frame"
                    : "untyped-close:" + close + " after " + lastKind;
            seen.merge(key, 1, Integer::sum);
        }
    }

    private static Auth auth(Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> Auth.newBuilder().setToken(Tokens.viewer("fuzz-" + random.nextInt(1000))).build();
            case 1 -> Auth.newBuilder().setToken(Tokens.anchor("fuzz-anchor", "fuzz-room")).build();
            case 2 -> Auth.newBuilder().setDeviceId(text(random)).build();
            case 3 -> Auth.newBuilder().setToken(text(random)).build();
            case 4 -> Auth.newBuilder().setToken(Tokens.expired("fuzz-old")).build();
            default -> Auth.newBuilder().build();
        };
    }

    private void sendOne(Random random, WireClient client, boolean ws) {
        byte[] valid = validFrame(random).toByteArray();
        int kind = random.nextInt(10);
        String name = new String[] {"valid", "valid", "valid", "mutated", "mutated", "mutated", "random", "large",
                "raw", "empty"}[kind];
        // Remembered for the connection: a reset may follow a frame above the hard cap after more frames.
        lastKind = lastKind.contains("oversized") ? lastKind + "," + name : name;
        switch (kind) {
            case 0, 1, 2 -> client.sendBytes(valid);
            case 3, 4, 5 -> client.sendBytes(mutate(random, valid));
            case 6 -> client.sendBytes(bytes(random, random.nextInt(64)));
            case 7 -> {
                boolean aboveHardCap = random.nextInt(3) == 0;
                if (aboveHardCap) {
                    lastKind = "oversized";
                }
                client.sendBytes(bytes(random, aboveHardCap ? 20_000 + random.nextInt(200_000) : 3_000 + random.nextInt(3_000)));
            }
            case 8 -> {
                if (ws) {
                    client.sendText(random.nextBoolean() ? "{\"heartbeat\":{}}" : text(random));
                } else {
                    // A raw length prefix: negative, absurd, zero, or a frame cut short.
                    int length = switch (random.nextInt(4)) {
                        case 0 -> -random.nextInt(Integer.MAX_VALUE);
                        case 1 -> Integer.MAX_VALUE - random.nextInt(100);
                        case 2 -> 0;
                        default -> valid.length + 1 + random.nextInt(10);
                    };
                    client.sendRawTcp(Buffer.buffer().appendInt(length).appendBytes(valid));
                }
            }
            default -> client.sendBytes(new byte[0]);
        }
    }

    private static Frame validFrame(Random random) {
        Frame.Builder frame = Frame.newBuilder().setReqId(random.nextLong());
        String room = random.nextInt(3) == 0 ? text(random) : "fuzz-room";
        return switch (random.nextInt(8)) {
            case 0 -> frame.setHeartbeat(Heartbeat.newBuilder().setClientTimeMs(random.nextLong())).build();
            case 1 -> frame.setJoin(Join.newBuilder().setRoomId(room).setLastMsgId(random.nextLong())
                    .setGiftChannel(random.nextBoolean())).build();
            case 2 -> frame.setLeave(Leave.newBuilder().setRoomId(room)).build();
            case 3 -> frame.setGiftAck(GiftAck.newBuilder().setRoomId(room).setSeq(random.nextLong())).build();
            case 4 -> frame.setGiftPull(GiftPull.newBuilder().setRoomId(room).setAfterSeq(random.nextLong())
                    .setLimit(random.nextInt())).build();
            case 5 -> frame.setRefresh(Refresh.newBuilder().setToken(text(random))).build();
            case 6 -> frame.setAuth(auth(random)).build();
            // A server-only kind from a client.
            default -> frame.setBlock(dev.roomcast.proto.v1.Block.newBuilder().setMcastId(room)
                    .setPayload(ByteString.copyFrom(bytes(random, 32)))).build();
        };
    }

    private static byte[] mutate(Random random, byte[] valid) {
        byte[] out = valid.clone();
        switch (random.nextInt(4)) {
            case 0 -> {
                for (int i = 0; i < 1 + random.nextInt(4) && out.length > 0; i++) {
                    out[random.nextInt(out.length)] ^= (byte) (1 << random.nextInt(8));
                }
            }
            case 1 -> out = java.util.Arrays.copyOf(out, out.length == 0 ? 0 : random.nextInt(out.length));
            case 2 -> {
                byte[] spliced = new byte[out.length * 2];
                System.arraycopy(out, 0, spliced, 0, out.length);
                System.arraycopy(out, 0, spliced, out.length, out.length);
                out = spliced;
            }
            default -> {
                int at = out.length == 0 ? 0 : random.nextInt(out.length);
                byte[] inserted = bytes(random, 1 + random.nextInt(8));
                byte[] grown = new byte[out.length + inserted.length];
                System.arraycopy(out, 0, grown, 0, at);
                System.arraycopy(inserted, 0, grown, at, inserted.length);
                System.arraycopy(out, at, grown, at + inserted.length, out.length - at);
                out = grown;
            }
        }
        return out;
    }

    private static byte[] bytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static String text(Random random) {
        String[] pieces = {"", "房间1", "a b", "{x}", "room-1", "\u0000", "x".repeat(70), "😀", "anon:", "..", "@"};
        StringBuilder s = new StringBuilder();
        for (int i = random.nextInt(4); i >= 0; i--) {
            s.append(pieces[random.nextInt(pieces.length)]);
        }
        return s.toString();
    }

    private double serverErrors() {
        Counter closes = meters.find("roomcast.connector.closes").tag("code", "SERVER_ERROR").counter();
        Counter errors = meters.find("roomcast.connector.errors").tag("code", "SERVER_ERROR").counter();
        return (closes == null ? 0 : closes.count()) + (errors == null ? 0 : errors.count());
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
