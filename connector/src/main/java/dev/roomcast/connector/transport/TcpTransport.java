package dev.roomcast.connector.transport;

import dev.roomcast.proto.v1.ErrorCode;
import io.netty.buffer.ByteBuf;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.impl.NetSocketInternal;

/** Raw TCP transport: each frame is a 4-byte big-endian length, then the Frame bytes. */
final class TcpTransport extends ChannelTransport {

    private final NetSocket socket;

    TcpTransport(NetSocket socket) {
        super(((NetSocketInternal) socket).channelHandlerContext(), socket.remoteAddress());
        this.socket = socket;
    }

    @Override
    Object bytesOf(EncodedFrame frame) {
        return frame.tcp();
    }

    @Override
    ByteBuf sharedBytesOf(EncodedFrame frame) {
        return frame.tcpShared();
    }

    @Override
    public String kind() {
        return "tcp";
    }

    @Override
    public boolean json() {
        return false;
    }

    @Override
    public void close(ErrorCode code, String reason) {
        // The session has already queued an Error frame with the code; TCP has no close code of its own.
        channel.eventLoop().execute(() -> socket.close());
    }
}
