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
 * N MQTT 3.1.1 subscribers (QoS 0, clean session, keep-alive off) on one topic plus one publisher
 * connection, hand-written over Vert.x NetClient like {@link NatsClients}. A subscriber counts as open once
 * its SUBACK grants the subscription; CONNECT and SUBSCRIBE go out together (the protocol allows it).
 */
final class MqttClients extends BrokerClients {

    private final AtomicInteger open = new AtomicInteger();
    private final byte[] topic;
    private NetSocket publisher;

    MqttClients(String topic) {
        this.topic = topic.getBytes(StandardCharsets.UTF_8);
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
        for (int i = 0; i < n; i++) {
            inFlight.acquire();
            Buffer hello = connect("bench-" + i).appendBuffer(subscribe());
            clients.get(i % sources).connect(port, "127.0.0.1").onComplete(ar -> {
                boolean[] settled = {false};
                MqttReader.Ready settle = ok -> {
                    if (!settled[0]) {
                        settled[0] = true;
                        if (ok) {
                            open.incrementAndGet();
                        } else {
                            failures.incrementAndGet();
                        }
                        inFlight.release();
                        ready.countDown();
                    }
                };
                if (ar.failed()) {
                    settle.ready(false);
                    return;
                }
                NetSocket socket = ar.result();
                socket.handler(new MqttReader(this, MqttReader.SUBACK, settle));
                socket.closeHandler(v -> {
                    if (settled[0]) {
                        failures.incrementAndGet();
                    }
                    settle.ready(false);
                });
                socket.write(hello);
            });
        }
        ready.await();
        CompletableFuture<Void> connected = new CompletableFuture<>();
        clients.get(0).connect(port, "127.0.0.1").onSuccess(socket -> {
            socket.handler(new MqttReader(this, MqttReader.CONNACK, ok -> connected.complete(null)));
            socket.write(connect("bench-publisher"));
            publisher = socket;
        }).onFailure(connected::completeExceptionally);
        connected.get(30, TimeUnit.SECONDS);
    }

    @Override
    int open() {
        return open.get();
    }

    /** One QoS 0 PUBLISH of the frame's bytes on the topic every subscriber holds. */
    @Override
    void publish(byte[] frame) {
        Buffer packet = Buffer.buffer(frame.length + topic.length + 8);
        packet.appendByte((byte) 0x30);
        remainingLength(packet, 2 + topic.length + frame.length);
        packet.appendShort((short) topic.length).appendBytes(topic).appendBytes(frame);
        publisher.write(packet);
    }

    /** CONNECT: protocol "MQTT" level 4, clean session, keep-alive 0 (no PINGREQ needed), the client id. */
    private static Buffer connect(String clientId) {
        byte[] id = clientId.getBytes(StandardCharsets.UTF_8);
        Buffer packet = Buffer.buffer().appendByte((byte) 0x10);
        remainingLength(packet, 10 + 2 + id.length);
        return packet.appendShort((short) 4).appendString("MQTT").appendByte((byte) 4).appendByte((byte) 0x02)
                .appendShort((short) 0).appendShort((short) id.length).appendBytes(id);
    }

    /** SUBSCRIBE packet id 1, one topic filter at QoS 0. */
    private Buffer subscribe() {
        Buffer packet = Buffer.buffer().appendByte((byte) 0x82);
        remainingLength(packet, 2 + 2 + topic.length + 1);
        return packet.appendShort((short) 1).appendShort((short) topic.length).appendBytes(topic).appendByte((byte) 0);
    }

    private static void remainingLength(Buffer packet, int length) {
        do {
            int digit = length % 128;
            length /= 128;
            packet.appendByte((byte) (length > 0 ? digit | 0x80 : digit));
        } while (length > 0);
    }
}
