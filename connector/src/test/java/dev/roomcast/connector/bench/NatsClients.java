package dev.roomcast.connector.bench;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * N NATS subscribers on one subject plus one publisher connection, written against the text protocol
 * over Vert.x NetClient: the same event loops and I/O stack as the WebSocket viewers, no client library.
 * A subscriber counts as open once the server has answered the PING sent after its SUB.
 */
final class NatsClients extends BrokerClients {

    private static final String CONNECT = "CONNECT {\"verbose\":false,\"pedantic\":false,\"name\":\"roomcast-bench\"}\r\n";

    private final AtomicInteger open = new AtomicInteger();
    private final String subject;
    private NetSocket publisher;

    NatsClients(String subject) {
        this.subject = subject;
    }

    @Override
    void open(Vertx vertx, int n, int port, int sources) throws Exception {
        List<NetClient> clients = new ArrayList<>();
        for (int s = 0; s < sources; s++) {
            clients.add(vertx.createNetClient(new NetClientOptions().setLocalAddress("127.0.0." + (1 + s))
                    .setTcpNoDelay(true).setConnectTimeout(60_000)));
        }
        CountDownLatch ready = new CountDownLatch(n);
        Semaphore inFlight = new Semaphore(200);
        Buffer subscribe = Buffer.buffer(CONNECT + "SUB " + subject + " 1\r\nPING\r\n");
        for (int i = 0; i < n; i++) {
            inFlight.acquire();
            clients.get(i % sources).connect(port, "127.0.0.1").onComplete(ar -> {
                boolean[] settled = {false};
                Runnable settle = () -> {
                    if (!settled[0]) {
                        settled[0] = true;
                        inFlight.release();
                        ready.countDown();
                    }
                };
                if (ar.failed()) {
                    failures.incrementAndGet();
                    settle.run();
                    return;
                }
                NetSocket socket = ar.result();
                socket.handler(new NatsReader(socket, this, () -> {
                    if (!settled[0]) {
                        open.incrementAndGet();
                    }
                    settle.run();
                }));
                socket.closeHandler(v -> {
                    failures.incrementAndGet();
                    settle.run();
                });
                socket.write(subscribe);
            });
        }
        ready.await();
        CompletableFuture<Void> connected = new CompletableFuture<>();
        clients.get(0).connect(port, "127.0.0.1").onSuccess(socket -> {
            socket.handler(new NatsReader(socket, this, () -> connected.complete(null)));
            socket.write(Buffer.buffer(CONNECT + "PING\r\n"));
            publisher = socket;
        }).onFailure(connected::completeExceptionally);
        connected.get(30, TimeUnit.SECONDS);
    }

    @Override
    int open() {
        return open.get();
    }

    /** One PUB of the frame's bytes; every subscriber of the subject gets them as one MSG. */
    @Override
    void publish(byte[] frame) {
        Buffer pub = Buffer.buffer(frame.length + 64)
                .appendString("PUB " + subject + " " + frame.length + "\r\n", StandardCharsets.US_ASCII.name())
                .appendBytes(frame).appendString("\r\n");
        publisher.write(pub);
    }
}
