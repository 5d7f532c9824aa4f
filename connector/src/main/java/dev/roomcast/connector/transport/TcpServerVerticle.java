package dev.roomcast.connector.transport;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.Promise;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;

/** One raw TCP listener; deployed once per event loop like {@link WsServerVerticle}. */
final class TcpServerVerticle extends AbstractVerticle {

    private final int port;
    private final int maxFrameBytes;
    private final Acceptor acceptor;

    TcpServerVerticle(int port, int maxFrameBytes, Acceptor acceptor) {
        this.port = port;
        this.maxFrameBytes = maxFrameBytes;
        this.acceptor = acceptor;
    }

    @Override
    public void start(Promise<Void> started) {
        NetServerOptions options = new NetServerOptions().setPort(port).setTcpNoDelay(true);
        vertx.createNetServer(options)
                .connectHandler(this::onSocket)
                .listen()
                .<Void>mapEmpty()
                .onComplete(started);
    }

    private void onSocket(NetSocket socket) {
        TcpTransport transport = new TcpTransport(socket);
        FrameSink sink = acceptor.accept(transport);
        TcpFrameParser parser = new TcpFrameParser(maxFrameBytes, sink);
        socket.handler(parser::feed);
        socket.exceptionHandler(e -> { /* the close handler does the cleanup */ });
        socket.closeHandler(v -> sink.onClosed());
    }
}
