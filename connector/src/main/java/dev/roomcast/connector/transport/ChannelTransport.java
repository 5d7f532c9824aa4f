package dev.roomcast.connector.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.vertx.core.net.SocketAddress;
import java.util.concurrent.Executor;

/**
 * What both transports share: pre-encoded frames go straight into the Netty channel below Vert.x's
 * per-message path, on the channel's own event loop, and back-pressure is read off its outbound buffer.
 */
abstract class ChannelTransport implements ClientTransport {

    private final WireContexts ctx;
    final Channel channel;
    private final String remoteHost;

    ChannelTransport(ChannelHandlerContext handlerContext, SocketAddress remote) {
        this.ctx = new WireContexts(handlerContext);
        this.channel = handlerContext.channel();
        this.remoteHost = remote == null ? "unknown" : remote.host();
    }

    /** The bytes of this frame in this transport's framing (shared buffers: never modified). */
    abstract Object bytesOf(EncodedFrame frame);

    @Override
    public String remoteHost() {
        return remoteHost;
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
        out.write(bytesOf(frame), out.voidPromise());
    }

    @Override
    public void flush() {
        ctx.out().flush();
    }

    @Override
    public boolean isOpen() {
        // The channel alone: the Vert.x socket's own check takes a lock, and this runs per member per push.
        return channel.isActive();
    }
}
