package dev.roomcast.client.net;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.roomcast.proto.v1.ErrorCode;
import dev.roomcast.proto.v1.Frame;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;

/** Binary protobuf frames, one WebSocket message per {@link Frame}. */
final class WebSocketTransport implements Transport {

    private final WebSocket socket;
    private boolean closedLocally;

    private WebSocketTransport(WebSocket socket) {
        this.socket = socket;
    }

    static Future<Transport> open(WebSocketClient client, String url, int connectTimeoutMillis, Listener listener) {
        WebSocketConnectOptions options = new WebSocketConnectOptions()
                .setAbsoluteURI(url)
                .setTimeout(connectTimeoutMillis);
        return client.connect(options).map(ws -> {
            WebSocketTransport transport = new WebSocketTransport(ws);
            transport.wire(listener);
            return transport;
        });
    }

    private void wire(Listener listener) {
        socket.binaryMessageHandler(buffer -> {
            try {
                listener.onFrame(Frame.parseFrom(buffer.getBytes()), buffer.length());
            } catch (InvalidProtocolBufferException e) {
                // An undecodable server frame means the stream cannot be trusted any more.
                closeWith(ErrorCode.BAD_FRAME_VALUE, listener, "undecodable frame from server");
            }
        });
        socket.exceptionHandler(err -> closeWith(0, listener, String.valueOf(err.getMessage())));
        socket.closeHandler(v -> {
            if (!closedLocally) {
                closedLocally = true;
                Short status = socket.closeStatusCode();
                listener.onClosed(status == null ? 0 : status, socket.closeReason());
            }
        });
    }

    private void closeWith(int code, Listener listener, String reason) {
        if (!closedLocally) {
            closedLocally = true;
            socket.close();
            listener.onClosed(code, reason);
        }
    }

    @Override
    public void send(Frame frame) {
        if (!closedLocally) {
            socket.writeBinaryMessage(Buffer.buffer(frame.toByteArray()));
        }
    }

    @Override
    public void close() {
        if (!closedLocally) {
            closedLocally = true;
            socket.close();
        }
    }
}
