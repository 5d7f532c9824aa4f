package dev.roomcast.e2e.harness;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.roomcast.proto.v1.Auth;
import dev.roomcast.proto.v1.Frame;
import dev.roomcast.proto.v1.Join;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A bare WebSocket connection speaking the client protocol frame by frame, with none of the reference
 * client's own rules (it may join the same room twice, never reconnects): what a plain or careless
 * client does.
 */
public final class RawConnection implements AutoCloseable {

    private final LinkedBlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
    private final WebSocket ws;
    private long reqId = 1;

    public RawConnection(int wsPort) {
        this.ws = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + wsPort + "/ws"), new Listener()).join();
    }

    public Frame auth(String token) {
        send(Frame.newBuilder().setAuth(Auth.newBuilder().setToken(token)).build());
        return next();
    }

    public Frame join(String roomId) {
        send(Frame.newBuilder().setJoin(Join.newBuilder().setRoomId(roomId)).build());
        return next();
    }

    public synchronized void send(Frame frame) {
        ws.sendBinary(ByteBuffer.wrap(frame.toBuilder().setReqId(reqId++).build().toByteArray()), true).join();
    }

    /** The next frame that is not a block or a heartbeat. */
    public Frame next() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        try {
            while (System.nanoTime() < deadline) {
                Frame f = frames.poll(100, TimeUnit.MILLISECONDS);
                if (f != null && !f.hasBlock() && !f.hasHeartbeat()) {
                    return f;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new AssertionError("no reply within 15 s");
    }

    @Override
    public void close() {
        ws.abort();
    }

    private final class Listener implements WebSocket.Listener {
        private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            partial.writeBytes(bytes);
            if (last) {
                try {
                    frames.add(Frame.parseFrom(partial.toByteArray()));
                } catch (InvalidProtocolBufferException e) {
                    throw new IllegalStateException(e);
                } finally {
                    partial.reset();
                }
            }
            webSocket.request(1);
            return null;
        }
    }

    public static Duration patience() {
        return Duration.ofSeconds(30);
    }
}
