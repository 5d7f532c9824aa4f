package dev.roomcast.client.net;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.roomcast.client.codec.FrameAssembler;
import dev.roomcast.proto.v1.ErrorCode;
import dev.roomcast.proto.v1.Frame;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;

/** Raw TCP: each {@link Frame} behind a 4-byte big-endian length. */
final class TcpTransport implements Transport {

    private final NetSocket socket;
    private boolean closed;

    private TcpTransport(NetSocket socket) {
        this.socket = socket;
    }

    static Future<Transport> open(NetClient client, String host, int port, int maxFrameBytes, Listener listener) {
        return client.connect(port, host).map(socket -> {
            TcpTransport transport = new TcpTransport(socket);
            transport.wire(maxFrameBytes, listener);
            return transport;
        });
    }

    private void wire(int maxFrameBytes, Listener listener) {
        FrameAssembler assembler = new FrameAssembler(maxFrameBytes, bytes -> {
            if (closed) {
                return;
            }
            try {
                listener.onFrame(Frame.parseFrom(bytes), bytes.length + 4);
            } catch (InvalidProtocolBufferException e) {
                closeWith(ErrorCode.BAD_FRAME_VALUE, listener, "undecodable frame from server");
            }
        });
        socket.handler(buffer -> {
            try {
                byte[] chunk = buffer.getBytes();
                assembler.feed(chunk, 0, chunk.length);
            } catch (FrameAssembler.FrameTooLargeException e) {
                closeWith(ErrorCode.FRAME_TOO_LARGE_VALUE, listener, e.getMessage());
            }
        });
        socket.exceptionHandler(err -> closeWith(0, listener, String.valueOf(err.getMessage())));
        socket.closeHandler(v -> {
            if (!closed) {
                closed = true;
                listener.onClosed(0, "connection closed by peer");
            }
        });
    }

    private void closeWith(int code, Listener listener, String reason) {
        if (!closed) {
            closed = true;
            socket.close();
            listener.onClosed(code, reason);
        }
    }

    @Override
    public void send(Frame frame) {
        if (!closed) {
            socket.write(Buffer.buffer(FrameAssembler.encode(frame.toByteArray())));
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            socket.close();
        }
    }
}
