package dev.roomcast.client.net;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.impl.VertxInternal;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The I/O threads and socket factories shared by every client of one runtime. Factories are kept per
 * source address: a load generator spreads thousands of connections over 127.0.0.x to get past the
 * ephemeral port range of one address.
 */
public final class IoPool implements AutoCloseable {

    private final Vertx vertx;
    private final boolean ownsVertx;
    private final int maxFrameBytes;
    private final int connectTimeoutMillis;
    private final Map<String, WebSocketClient> webSockets = new ConcurrentHashMap<>();
    private final Map<String, NetClient> tcp = new ConcurrentHashMap<>();
    private final HttpClient http;

    public IoPool(int ioThreads, int maxFrameBytes, int connectTimeoutMillis, int httpConnections) {
        this(Vertx.vertx(new VertxOptions().setEventLoopPoolSize(ioThreads).setWorkerPoolSize(1)), true,
                maxFrameBytes, connectTimeoutMillis, httpConnections);
    }

    private IoPool(Vertx vertx, boolean ownsVertx, int maxFrameBytes, int connectTimeoutMillis, int httpConnections) {
        this.vertx = vertx;
        this.ownsVertx = ownsVertx;
        this.maxFrameBytes = maxFrameBytes;
        this.connectTimeoutMillis = connectTimeoutMillis;
        this.http = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout(connectTimeoutMillis)
                .setKeepAlive(true)
                .setMaxPoolSize(httpConnections));
    }

    /** A new event-loop context: everything one client does runs on it, so its state needs no locks. */
    public Context newContext() {
        // getOrCreateContext() would hand every client created on one Vert.x thread the same loop.
        return ((VertxInternal) vertx).createEventLoopContext();
    }

    public Vertx vertx() {
        return vertx;
    }

    public HttpClient http() {
        return http;
    }

    public Future<Transport> open(Endpoint endpoint, boolean preferTcp, String localAddress, Transport.Listener listener) {
        if (preferTcp && endpoint.hasTcp() || !endpoint.hasWebSocket()) {
            NetClient client = tcp.computeIfAbsent(key(localAddress), k -> vertx.createNetClient(new NetClientOptions()
                    .setConnectTimeout(connectTimeoutMillis)
                    .setTcpNoDelay(true)
                    .setLocalAddress(localAddress)));
            return TcpTransport.open(client, endpoint.tcpHost(), endpoint.tcpPort(), maxFrameBytes, listener);
        }
        WebSocketClient client = webSockets.computeIfAbsent(key(localAddress), k -> vertx.createWebSocketClient(
                new WebSocketClientOptions()
                        .setConnectTimeout(connectTimeoutMillis)
                        .setMaxFrameSize(maxFrameBytes)
                        .setMaxMessageSize(maxFrameBytes)
                        .setMaxConnections(Integer.MAX_VALUE)
                        .setTcpNoDelay(true)
                        .setLocalAddress(localAddress)));
        return WebSocketTransport.open(client, endpoint.wsUrl(), connectTimeoutMillis, listener);
    }

    private static String key(String localAddress) {
        return localAddress == null ? "" : localAddress;
    }

    @Override
    public void close() {
        if (ownsVertx) {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }
}
