package dev.roomcast.connector.transport;

import dev.roomcast.proto.v1.ErrorCode;
import io.netty.buffer.ByteBuf;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.impl.WebSocketInternal;

/**
 * WebSocket transport. Frames are written as pre-encoded WebSocket frame bytes (permessage-deflate is
 * off, so nothing below transforms them); JSON mode connections get the text encoding instead.
 */
final class WsTransport extends ChannelTransport {

    private static final int MAX_CLOSE_REASON_CHARS = 100;

    private final ServerWebSocket ws;
    private final boolean json;

    WsTransport(ServerWebSocket ws, boolean json) {
        super(((WebSocketInternal) ws).channelHandlerContext(), ws.remoteAddress());
        this.ws = ws;
        this.json = json;
    }

    @Override
    Object bytesOf(EncodedFrame frame) {
        return json ? frame.wsText() : frame.wsBinary();
    }

    @Override
    ByteBuf sharedBytesOf(EncodedFrame frame) {
        return json ? null : frame.wsBinaryShared();
    }

    @Override
    public String kind() {
        return "ws";
    }

    @Override
    public boolean json() {
        return json;
    }

    /**
     * Writes the close frame's bytes below Vert.x and closes the channel, synchronously on the loop: after
     * Netty refused an oversized frame, Vert.x resets the connection as soon as the exception handler
     * returns, and a close queued for later would never reach the client (it would see 1006).
     */
    @Override
    public void abort(ErrorCode code, String reason) {
        if (!channel.eventLoop().inEventLoop()) {
            close(code, reason);
            return;
        }
        byte[] text = truncate(reason == null ? code.name() : reason).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        io.netty.buffer.ByteBuf frame = channel.alloc().buffer(4 + 2 + text.length);
        WsFrames.writeHeader(frame, WsFrames.OPCODE_CLOSE, 2 + text.length);
        frame.writeShort(code.getNumber());
        frame.writeBytes(text);
        flushThenClose(frame);
    }

    private static String truncate(String text) {
        return text.length() > MAX_CLOSE_REASON_CHARS ? text.substring(0, MAX_CLOSE_REASON_CHARS) : text;
    }

    @Override
    public void close(ErrorCode code, String reason) {
        String text = reason == null ? code.name() : reason;
        String closeReason = text.length() > MAX_CLOSE_REASON_CHARS ? text.substring(0, MAX_CLOSE_REASON_CHARS) : text;
        channel.eventLoop().execute(() -> {
            if (!ws.isClosed()) {
                ws.close((short) code.getNumber(), closeReason);
            }
        });
    }
}
