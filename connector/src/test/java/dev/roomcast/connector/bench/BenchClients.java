package dev.roomcast.connector.bench;

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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;

/**
 * N real WebSocket viewers: auth (anonymous device id), join one room, then count every Block and
 * record its push-to-receipt delay ({@link Receipts}).
 */
final class BenchClients extends Receipts {

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
                        byte[] bytes = buf.getBytes();
                        onFrame(bytes, 0, bytes.length);
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

    int open() {
        synchronized (sockets) {
            return sockets.size();
        }
    }
}
