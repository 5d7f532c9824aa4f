package dev.roomcast.connector.bench;

import com.google.protobuf.UnsafeByteOperations;
import dev.roomcast.common.auth.Scopes;
import dev.roomcast.common.auth.TokenIssuer;
import dev.roomcast.proto.v1.ConnectorServiceGrpc;
import dev.roomcast.proto.v1.PushBlockRequest;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A JVM server with WebSocket viewers and a gRPC PushBlock publisher: the Roomcast connector (real
 * auth, join through the load process's {@link BenchRoomService}, service token) or {@link NaiveWsServer}.
 */
final class WsPeer implements Peer {

    static final String ROOM = "bench";
    static final String MCAST = "room:" + ROOM;

    private final String name;
    private final List<String> command;
    private final Map<String, String> env;
    private final Path log;
    private final int httpPort;
    private final int grpcPort;
    private final int wsPort;
    private final String serviceSecret;
    private PeerServer server;
    private ConnectorProcess process;
    private BenchClients clients;
    private ManagedChannel channel;
    private ConnectorServiceGrpc.ConnectorServiceBlockingStub push;

    WsPeer(String name, List<String> command, Map<String, String> env, Path log, int httpPort, int grpcPort, int wsPort,
            String serviceSecret) {
        this.name = name;
        this.command = command;
        this.env = env;
        this.log = log;
        this.httpPort = httpPort;
        this.grpcPort = grpcPort;
        this.wsPort = wsPort;
        this.serviceSecret = serviceSecret;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public PeerServer start() throws Exception {
        server = PeerServer.start(name, command, env, log);
        process = new ConnectorProcess(server.pid(), httpPort);
        process.awaitReady(Duration.ofSeconds(120));
        return server;
    }

    @Override
    public long heapAfterGc() throws Exception {
        return process.heapAfterGc();
    }

    @Override
    public Receipts subscribe(Vertx vertx, int n, int sources) throws Exception {
        clients = new BenchClients();
        clients.open(vertx, n, wsPort, sources, ROOM);
        channel = NettyChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
        Metadata auth = new Metadata();
        auth.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer "
                + TokenIssuer.services(serviceSecret).service("peers-bench", Duration.ofHours(1), Scopes.ROOM_SERVICE));
        push = ConnectorServiceGrpc.newBlockingStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(auth));
        return clients;
    }

    @Override
    public Map<String, Double> writeCounters() throws Exception {
        return process.counters(WRITE_COUNTERS);
    }

    /** Frames written and the flushes that carried them (the naive loop has neither). */
    private static final List<String> WRITE_COUNTERS = List.of("roomcast_connector_frames_written",
            "roomcast_connector_fanout_flushes_total");

    @Override
    public int subscribed() {
        return clients.open();
    }

    @Override
    public long publish(byte[] frame) {
        return push.withDeadlineAfter(30, TimeUnit.SECONDS).pushBlock(PushBlockRequest.newBuilder().setMcastId(MCAST)
                .setFrame(UnsafeByteOperations.unsafeWrap(frame)).build()).getDropped();
    }

    @Override
    public void stop() throws Exception {
        if (channel != null) {
            channel.shutdownNow();
        }
        // The connector drains on SIGTERM (its window is set short for the bench).
        server.stop(Duration.ofSeconds(30));
    }
}
