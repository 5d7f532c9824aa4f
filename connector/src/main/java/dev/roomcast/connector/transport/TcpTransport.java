package dev.roomcast.connector.transport;

import dev.roomcast.proto.v1.ErrorCode;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.impl.NetSocketInternal;
import java.util.concurrent.Executor;

/** Raw TCP transport: each frame is a 4-byte big-endian length, then the Frame bytes. */
final class TcpTransport implements ClientTransport {

    private final NetSocket socket;
    private final WireContexts ctx;
    private final Channel channel;
    private final String remoteHost;

    TcpTransport(NetSocket socket) {
        this.socket = socket;
        this.ctx = new WireContexts(((NetSocketInternal) socket).channelHandlerContext());
        this.channel = ((NetSocketInternal) socket).channelHandlerContext().channel();
        this.remoteHost = socket.remoteAddress() == null ? "unknown" : socket.remoteAddress().host();
    }

    @Override
    public String kind() {
        return "tcp";
    }

    @Override
    public String remoteHost() {
        return remoteHost;
    }

    @Override
    public boolean json() {
        return false;
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
        out.write(frame.tcp(), out.voidPromise());
    }

    @Override
    public void flush() {
        ctx.out().flush();
    }

    @Override
    public boolean isOpen() {
        return channel.isActive();
    }

    @Override
    public void close(ErrorCode code, String reason) {
        // The session has already queued an Error frame with the code; TCP has no close code of its own.
        channel.eventLoop().execute(() -> socket.close());
    }
}
