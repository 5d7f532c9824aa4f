package dev.roomcast.connector.support;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.roomcast.proto.v1.Auth;
import dev.roomcast.proto.v1.Frame;
import dev.roomcast.proto.v1.Join;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A real client over WebSocket or TCP, recording every frame (and its raw bytes) it receives. */
public final class WireClient implements AutoCloseable {

    public static final int WS_PORT = 18090;
    public static final int TCP_PORT = 18091;

    private final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
    public final List<byte[]> raw = new CopyOnWriteArrayList<>();
    public final List<String> texts = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private WebSocket ws;
    private NetSocket tcp;
    private Buffer tcpPending = Buffer.buffer();

    private WireClient() {
    }

    public static WireClient ws(Vertx vertx) {
        return ws(vertx, "", "127.0.0.1");
    }

    public static WireClient ws(Vertx vertx, String query, String localAddress) {
        WireClient client = new WireClient();
        WebSocketClientOptions options = new WebSocketClientOptions().setLocalAddress(localAddress)
                .setMaxFrameSize(1 << 20).setMaxMessageSize(1 << 20);
        WebSocketConnectOptions connect = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(WS_PORT)
                .setURI("/ws" + query);
        // Handlers are set on the event loop as the handshake completes, before any frame is read:
        // the server may answer (or refuse) in the same packet as its 101 response.
        client.ws = await(vertx.createWebSocketClient(options).connect(connect).map(ws -> {
            try {
                ws.binaryMessageHandler(b -> client.received(b.getBytes()));
                ws.textMessageHandler(client::receivedText);
                ws.closeHandler(v -> client.closed.complete(ws.closeStatusCode() == null ? -1 : (int) ws.closeStatusCode()));
            } catch (IllegalStateException alreadyClosed) {
                // A refusal (drain, limits) can close the socket before this callback runs: only the
                // close code is left to observe.
                client.closed.complete(ws.closeStatusCode() == null ? -1 : (int) ws.closeStatusCode());
            }
            return ws;
        }).toCompletionStage().toCompletableFuture());
        return client;
    }

    public static WireClient tcp(Vertx vertx) {
        return tcp(vertx, "127.0.0.1");
    }

    public static WireClient tcp(Vertx vertx, String localAddress) {
        WireClient client = new WireClient();
        client.tcp = await(vertx.createNetClient(new NetClientOptions().setLocalAddress(localAddress)).connect(TCP_PORT, "127.0.0.1")
                .map(socket -> {
                    socket.handler(client::tcpChunk);
                    socket.closeHandler(v -> client.closed.complete(-1));
                    return socket;
                }).toCompletionStage().toCompletableFuture());
        return client;
    }

    private void tcpChunk(Buffer chunk) {
        tcpPending.appendBuffer(chunk);
        int offset = 0;
        while (tcpPending.length() - offset >= 4) {
            int len = tcpPending.getInt(offset);
            if (tcpPending.length() - offset - 4 < len) {
                break;
            }
            received(tcpPending.getBytes(offset + 4, offset + 4 + len));
            offset += 4 + len;
        }
        tcpPending = tcpPending.getBuffer(offset, tcpPending.length());
    }

    private void received(byte[] bytes) {
        raw.add(bytes);
        try {
            frames.add(Frame.parseFrom(bytes));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("server sent an undecodable frame", e);
        }
    }

    private void receivedText(String text) {
        texts.add(text);
        Frame.Builder frame = Frame.newBuilder();
        try {
            JsonFormat.parser().merge(text, frame);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("server sent undecodable JSON", e);
        }
        frames.add(frame.build());
    }

    public void send(Frame frame) {
        sendBytes(frame.toByteArray());
    }

    public void sendBytes(byte[] bytes) {
        if (ws != null) {
            ws.writeBinaryMessage(Buffer.buffer(bytes));
        } else {
            tcp.write(Buffer.buffer().appendInt(bytes.length).appendBytes(bytes));
        }
    }

    /** TCP only: bytes exactly as given, no length prefix added. */
    public void sendRawTcp(Buffer bytes) {
        tcp.write(bytes);
    }

    public void sendText(String text) {
        ws.writeTextMessage(text);
    }

    public void pauseReading() {
        tcp.pause();
    }

    public void resumeReading() {
        tcp.resume();
    }

    public Frame next() {
        try {
            Frame frame = frames.poll(10, TimeUnit.SECONDS);
            if (frame == null) {
                throw new AssertionError("no frame within 10 s");
            }
            return frame;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** The next frame of this kind, skipping others (e.g. blocks arriving meanwhile). */
    public Frame next(Frame.KindCase kind) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            Frame frame = next();
            if (frame.getKindCase() == kind) {
                return frame;
            }
        }
        throw new AssertionError("no " + kind + " frame within 5 s");
    }

    public Frame poll(Duration wait) throws InterruptedException {
        return frames.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    public Frame authenticate(String token) {
        send(Frame.newBuilder().setReqId(1).setAuth(Auth.newBuilder().setToken(token)).build());
        return next();
    }

    /** Authenticates as a client that reads these block payload forms besides the plain one. */
    public Frame authenticate(String token, dev.roomcast.proto.v1.PayloadFormat... formats) {
        send(Frame.newBuilder().setReqId(1).setAuth(Auth.newBuilder().setToken(token)
                .addAllPayloadFormats(java.util.List.of(formats))).build());
        return next();
    }

    /** Sends a heartbeat without waiting for the echo. */
    public void sendHeartbeat() {
        send(Frame.newBuilder().setHeartbeat(dev.roomcast.proto.v1.Heartbeat.newBuilder()).build());
    }

    /** Sends a heartbeat and waits for the echo (skipping other frames). */
    public boolean heartbeat() {
        send(Frame.newBuilder().setHeartbeat(dev.roomcast.proto.v1.Heartbeat.newBuilder()).build());
        return next(Frame.KindCase.HEARTBEAT).hasHeartbeat();
    }

    public Frame join(long reqId, String roomId, boolean giftChannel) {
        send(Frame.newBuilder().setReqId(reqId).setJoin(Join.newBuilder().setRoomId(roomId).setGiftChannel(giftChannel)).build());
        return next();
    }

    /** The close code (WebSocket close status; -1 for TCP or none) once the server closed. */
    public int awaitClosed(Duration wait) {
        try {
            return closed.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("connection not closed within " + wait, e);
        }
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    @Override
    public void close() {
        if (ws != null && !ws.isClosed()) {
            ws.close();
        }
        if (tcp != null) {
            tcp.close();
        }
    }

    private static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("cannot connect", e);
        }
    }
}
