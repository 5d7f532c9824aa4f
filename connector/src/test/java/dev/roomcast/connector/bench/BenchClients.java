package dev.roomcast.connector.bench;

import com.google.protobuf.CodedInputStream;
import dev.roomcast.proto.v1.Auth;
import dev.roomcast.proto.v1.Frame;
import dev.roomcast.proto.v1.Heartbeat;
import dev.roomcast.proto.v1.Join;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * N real WebSocket viewers: auth (anonymous device id), join one room, then count every Block and
 * record its push-to-receipt delay in 0.1 ms buckets. Blocks are identified by block_seq, read from the
 * first bytes without decoding the payload (the load process must stay cheap: it shares the cores).
 */
final class BenchClients {

    static final int BUCKETS = 100_001;

    final AtomicLong frames = new AtomicLong();
    final AtomicLongArray latency = new AtomicLongArray(BUCKETS);
    final AtomicLong failures = new AtomicLong();
    volatile long[] sentNanos = new long[0];
    private final List<WebSocket> sockets = new ArrayList<>();

    void open(Vertx vertx, int n, int port, int sources, String roomId) throws InterruptedException {
        List<WebSocketClient> clients = new ArrayList<>();
        for (int s = 0; s < sources; s++) {
            clients.add(vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(n + 10)
                    .setLocalAddress("127.0.0." + (1 + s)).setMaxFrameSize(1 << 20).setMaxMessageSize(1 << 20)
                    .setConnectTimeout(60_000)));
        }
        CountDownLatch joined = new CountDownLatch(n);
        Semaphore inFlight = new Semaphore(200);
        byte[] join = Frame.newBuilder().setReqId(2).setJoin(Join.newBuilder().setRoomId(roomId)).build().toByteArray();
        for (int i = 0; i < n; i++) {
            inFlight.acquire();
            byte[] auth = Frame.newBuilder().setReqId(1).setAuth(Auth.newBuilder().setDeviceId("bench-" + i)).build().toByteArray();
            WebSocketConnectOptions connect = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/ws");
            clients.get(i % sources).connect(connect).onComplete(ar -> {
                if (ar.failed()) {
                    failures.incrementAndGet();
                    inFlight.release();
                    joined.countDown();
                    return;
                }
                WebSocket ws = ar.result();
                int[] state = {0};
                ws.binaryMessageHandler(buf -> {
                    if (state[0] == 2) {
                        onFrame(buf);
                    } else if (++state[0] == 1) {
                        ws.writeBinaryMessage(Buffer.buffer(join));
                    } else {
                        inFlight.release();
                        joined.countDown();
                    }
                });
                ws.closeHandler(v -> failures.incrementAndGet());
                synchronized (sockets) {
                    sockets.add(ws);
                }
                ws.writeBinaryMessage(Buffer.buffer(auth));
            });
        }
        joined.await();
        // Heartbeats as a real client sends them (the connector's idle limit applies to the bench too).
        byte[] beat = Frame.newBuilder().setHeartbeat(Heartbeat.getDefaultInstance()).build().toByteArray();
        vertx.setPeriodic(20_000, id -> {
            synchronized (sockets) {
                for (WebSocket ws : sockets) {
                    ws.writeBinaryMessage(Buffer.buffer(beat));
                }
            }
        });
    }

    private void onFrame(Buffer buf) {
        long now = System.nanoTime();
        long seq = blockSeq(buf.getBytes());
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
    static long blockSeq(byte[] bytes) {
        try {
            CodedInputStream in = CodedInputStream.newInstance(bytes);
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

    int open() {
        synchronized (sockets) {
            return sockets.size();
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
