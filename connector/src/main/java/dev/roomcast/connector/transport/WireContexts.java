package dev.roomcast.connector.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SslHandler;

/**
 * Where pre-encoded bytes enter a connection's pipeline. They need no encoder, so they are written
 * from the first context: straight to the socket, past Vert.x's per-message handlers (WebSocket
 * encoder, chunked writer). With TLS they must still pass the SslHandler, so they start at Vert.x's own
 * context instead.
 */
final class WireContexts {

    private final ChannelHandlerContext vertxContext;
    private final ChannelPipeline pipeline;
    private final boolean direct;

    WireContexts(ChannelHandlerContext vertxContext) {
        this.vertxContext = vertxContext;
        this.pipeline = vertxContext.pipeline();
        this.direct = pipeline.get(SslHandler.class) == null;
    }

    /** No TLS: the bytes may go straight to the channel's outbound buffer, the pipeline's head end. */
    boolean direct() {
        return direct;
    }

    /** Looked up per write: the pipeline's head end can change (handshake handlers leave it). */
    ChannelHandlerContext out() {
        if (direct) {
            ChannelHandlerContext first = pipeline.firstContext();
            if (first != null) {
                return first;
            }
        }
        return vertxContext;
    }
}
