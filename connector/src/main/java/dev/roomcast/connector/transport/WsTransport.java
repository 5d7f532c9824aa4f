package dev.roomcast.connector.transport;

import dev.roomcast.proto.v1.ErrorCode;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.impl.WebSocketInternal;
import java.util.concurrent.Executor;

/**
 * WebSocket transport. Frames are written as pre-encoded WebSocket frame bytes straight into the
 * channel below Vert.x's per-message path (permessage-deflate is off, so nothing transforms them).
 */
final class WsTransport implements ClientTransport {

    private final ServerWebSocket ws;
    private final WireContexts ctx;
    private final Channel channel;
    private final boolean json;
    private final String remoteHost;

    WsTransport(ServerWebSocket ws, boolean json) {
        this.ws = ws;
        this.ctx = new WireContexts(((WebSocketInternal) ws).channelHandlerContext());
        this.channel = ((WebSocketInternal) ws).channelHandlerContext().channel();
        this.json = json;
        this.remoteHost = ws.remoteAddress() == null ? "unknown" : ws.remoteAddress().host();
    }

    @Override
    public String kind() {
        return "ws";
    }

    @Override
    public String remoteHost() {
        return remoteHost;
    }

    @Override
    public boolean json() {
        return json;
    }

    @Override
    public Executor loop() {
        return channel.eventLoop();
    }

    @Override
    public long pendingBytes() {
        ChannelOutboundBuffer out = channel.unsafe().outboundBuffer();
        return out == null ? 0 : out.totalPendingWriteBytes();
    }

    @Override
    public void write(EncodedFrame frame) {
        ChannelHandlerContext out = ctx.out();
        out.write(json ? frame.wsText() : frame.wsBinary(), out.voidPromise());
    }

    @Override
    public void flush() {
        ctx.out().flush();
    }

    @Override
    public boolean isOpen() {
        // The channel alone: ws.isClosed() takes a lock, and this runs once per member per push.
        return channel.isActive();
    }

    @Override
    public void close(ErrorCode code, String reason) {
        String text = reason == null ? code.name() : reason;
        if (text.length() > 100) {
            text = text.substring(0, 100);
        }
        String finalText = text;
        channel.eventLoop().execute(() -> {
            if (!ws.isClosed()) {
                ws.close((short) code.getNumber(), finalText);
            }
        });
    }
}
