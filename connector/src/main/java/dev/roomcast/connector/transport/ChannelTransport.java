package dev.roomcast.connector.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.unix.Socket;
import io.netty.channel.unix.UnixChannel;
import io.vertx.core.net.SocketAddress;
import java.io.IOException;
import java.util.concurrent.Executor;

/**
 * What both transports share: pre-encoded frames go straight into the Netty channel below Vert.x's
 * per-message path, on the channel's own event loop, and back-pressure is read off its outbound buffer.
 */
abstract class ChannelTransport implements ClientTransport {

    private final WireContexts ctx;
    final Channel channel;
    private final String remoteHost;
    /** The native socket (epoll, no TLS): a fan-out's frame can be sent to it directly. Null otherwise. */
    private final Socket socket;

    ChannelTransport(ChannelHandlerContext handlerContext, SocketAddress remote) {
        this.ctx = new WireContexts(handlerContext);
        this.channel = handlerContext.channel();
        this.remoteHost = remote == null ? "unknown" : remote.host();
        this.socket = ctx.direct() && channel instanceof UnixChannel unix && unix.fd() instanceof Socket s ? s : null;
    }

    /** The bytes of this frame in this transport's framing (shared buffers: never modified). */
    abstract Object bytesOf(EncodedFrame frame);

    /** The frame's own buffer in this transport's framing, not retained (null: this form has none). */
    abstract ByteBuf sharedBytesOf(EncodedFrame frame);

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

    /**
     * Without TLS, on the channel's loop (the fan-out's case), the bytes go to the channel's outbound
     * buffer directly: what the pipeline's head would do, without walking the pipeline to find it, checking
     * the promise and touching the buffer for leak tracking on every write (together about a third of the
     * fan-out's CPU per member, measured with JFR at 15,000 connections).
     */
    @Override
    public void write(EncodedFrame frame) {
        Object bytes = bytesOf(frame);
        if (ctx.direct() && channel.eventLoop().inEventLoop()) {
            channel.unsafe().write(bytes, channel.voidPromise());
            return;
        }
        ChannelHandlerContext out = ctx.out();
        out.write(bytes, out.voidPromise());
    }

    /**
     * On native epoll without TLS, with nothing queued on the connection (the fan-out's usual case): the
     * frame's bytes go to the socket in one send() from the loop, with no duplicate buffer, no outbound
     * buffer entry and no flush bookkeeping (that bookkeeping was most of the connector's own CPU per member
     * at 15,000 members). Only what the socket does not take is queued, and flushed: Netty then waits for the
     * socket to become writable, and the queued bytes count against the connection's outbound bound as any
     * write. A socket error is left to that same queued write, so Netty closes the channel as it always does.
     */
    @Override
    public void writeAndFlush(EncodedFrame frame) {
        ByteBuf shared = socket == null ? null : sharedBytesOf(frame);
        ChannelOutboundBuffer queued = shared == null ? null : channel.unsafe().outboundBuffer();
        if (queued == null || queued.totalPendingWriteBytes() != 0 || !shared.hasMemoryAddress()
                || !channel.eventLoop().inEventLoop()) {
            ClientTransport.super.writeAndFlush(frame);
            return;
        }
        int start = shared.readerIndex();
        int end = shared.writerIndex();
        int sent;
        try {
            sent = socket.sendAddress(shared.memoryAddress(), start, end);
        } catch (IOException e) {
            sent = 0;
        }
        if (sent == end - start) {
            return;
        }
        channel.unsafe().write(shared.retainedSlice(start + sent, end - start - sent), channel.voidPromise());
        channel.unsafe().flush();
    }

    @Override
    public void flush() {
        if (ctx.direct() && channel.eventLoop().inEventLoop()) {
            channel.unsafe().flush();
            return;
        }
        ctx.out().flush();
    }

    /**
     * Writes raw bytes below Vert.x, flushes them, and closes the channel a little later: closing at once
     * while the peer is still sending (the rest of an oversized frame) makes the kernel answer with a
     * reset, which can discard the last bytes before the peer reads them. Meanwhile the decoder discards
     * what still arrives.
     */
    void flushThenClose(Object bytes) {
        ctx.out().writeAndFlush(bytes).addListener(f -> channel.eventLoop()
                .schedule(() -> channel.close(), CLOSE_LINGER_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS));
    }

    private static final long CLOSE_LINGER_MILLIS = 200;

    @Override
    public boolean isOpen() {
        // The channel alone: the Vert.x socket's own check takes a lock, and this runs per member per push.
        return channel.isActive();
    }
}
