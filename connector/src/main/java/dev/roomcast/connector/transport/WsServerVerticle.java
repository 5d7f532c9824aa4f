package dev.roomcast.connector.transport;

import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import java.util.List;

/**
 * One WebSocket listener; deployed once per event loop so that Vert.x spreads accepted connections (and
 * with them the writes) over every loop. JSON mode is chosen at the handshake with {@code ?format=json}
 * or the {@code roomcast.json} subprotocol.
 */
final class WsServerVerticle extends AbstractVerticle {

    static final String JSON_SUBPROTOCOL = "roomcast.json";
    static final String BINARY_SUBPROTOCOL = "roomcast.v1";

    private final int port;
    private final String path;
    private final int maxFrameBytes;
    private final Acceptor acceptor;

    WsServerVerticle(int port, String path, int maxFrameBytes, Acceptor acceptor) {
        this.port = port;
        this.path = path;
        this.maxFrameBytes = maxFrameBytes;
        this.acceptor = acceptor;
    }

    @Override
    public void start(Promise<Void> started) {
        // Netty refuses frames above twice the limit before allocating them; between the limit and that
        // hard cap the session answers FRAME_TOO_LARGE and the connection stays.
        HttpServerOptions options = new HttpServerOptions()
                .setPort(port)
                .setTcpNoDelay(true)
                .setPerMessageWebSocketCompressionSupported(false)
                .setPerFrameWebSocketCompressionSupported(false)
                .setMaxWebSocketFrameSize(maxFrameBytes * 2)
                .setMaxWebSocketMessageSize(maxFrameBytes * 2)
                .setWebSocketSubProtocols(List.of(BINARY_SUBPROTOCOL, JSON_SUBPROTOCOL));
        vertx.createHttpServer(options)
                .webSocketHandler(this::onWebSocket)
                .listen()
                .<Void>mapEmpty()
                .onComplete(started);
    }

    private void onWebSocket(ServerWebSocket ws) {
        if (!path.equals(ws.path())) {
            ws.reject(404);
            return;
        }
        // Finish the handshake now: the session may answer (or refuse) at once, and its frames must
        // follow the 101 response on the wire.
        ws.accept();
        String query = ws.query();
        boolean json = (query != null && query.contains("format=json"))
                || JSON_SUBPROTOCOL.equals(ws.subProtocol());
        // Vert.x keeps the handshake's request headers for the connection's lifetime; nothing reads them
        // after this point, and they were the largest item of an idle connection's heap (~0.9 KB here, more
        // with a browser's cookies and user agent).
        ws.headers().clear();
        WsTransport transport = new WsTransport(ws, json);
        FrameSink sink = acceptor.accept(transport);
        ws.binaryMessageHandler(buffer -> {
            if (buffer.length() > maxFrameBytes) {
                sink.onOversized(buffer.length());
            } else {
                sink.onBinary(buffer.getBytes());
            }
        });
        ws.textMessageHandler(text -> {
            if (text.length() > maxFrameBytes) {
                sink.onOversized(text.length());
            } else {
                sink.onText(text);
            }
        });
        ws.exceptionHandler(e -> {
            // Above the hard cap Netty refuses the frame without reading it: answer with a typed close
            // (FRAME_TOO_LARGE), written at once, before Vert.x drops the connection. Vert.x resets it
            // right after, so a client still sending may lose that close to the reset (rare; see
            // FuzzTest). Other errors: the close handler does the cleanup.
            boolean tooBig = e instanceof TooLongFrameException
                    || (e instanceof CorruptedWebSocketFrameException corrupt
                            && corrupt.closeStatus() == WebSocketCloseStatus.MESSAGE_TOO_BIG);
            if (tooBig) {
                sink.onUnreadable("frame above " + maxFrameBytes * 2 + " bytes");
            }
        });
        ws.closeHandler(v -> sink.onClosed());
    }
}
