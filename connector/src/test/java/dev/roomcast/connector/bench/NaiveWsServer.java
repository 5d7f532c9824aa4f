package dev.roomcast.connector.bench;

import dev.roomcast.proto.v1.ConnectorServiceGrpc;
import dev.roomcast.proto.v1.Frame;
import dev.roomcast.proto.v1.Heartbeat;
import dev.roomcast.proto.v1.PushBlockReply;
import dev.roomcast.proto.v1.PushBlockRequest;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import java.lang.management.ManagementFactory;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The reference point, run under the same harness: a bare Vert.x WebSocket server whose push
 * loops over every connection calling {@code writeBinaryMessage} with one pre-built buffer. No auth,
 * rooms or limits; it answers any client frame with a heartbeat so the bench clients' handshake passes.
 * Usage: NaiveWsServer WS_PORT HTTP_PORT GRPC_PORT
 */
public final class NaiveWsServer {

    private static final Set<ServerWebSocket> SOCKETS = ConcurrentHashMap.newKeySet();

    public static void main(String[] args) throws Exception {
        int wsPort = Integer.parseInt(args[0]);
        int httpPort = Integer.parseInt(args[1]);
        int grpcPort = Integer.parseInt(args[2]);
        Vertx vertx = Vertx.vertx();
        Buffer reply = Buffer.buffer(Frame.newBuilder().setHeartbeat(Heartbeat.getDefaultInstance()).build().toByteArray());
        vertx.deployVerticle(() -> new AbstractVerticle() {
            @Override
            public void start() {
                vertx.createHttpServer(new HttpServerOptions().setPort(wsPort)).webSocketHandler(ws -> {
                    SOCKETS.add(ws);
                    ws.binaryMessageHandler(b -> ws.writeBinaryMessage(reply));
                    ws.closeHandler(v -> SOCKETS.remove(ws));
                }).listen();
            }
        }, new DeploymentOptions().setInstances(2 * Runtime.getRuntime().availableProcessors()))
                .toCompletionStage().toCompletableFuture().get();
        vertx.createHttpServer().requestHandler(req -> {
            if (req.path().equals("/q/metrics")) {
                long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
                req.response().end("jvm_memory_used_bytes{area=\"heap\",id=\"all\"} " + heap + "\n");
            } else {
                req.response().end("{\"status\":\"UP\"}");
            }
        }).listen(httpPort).toCompletionStage().toCompletableFuture().get();
        // A service definition, not an ImplBase subclass: the Quarkus test application must not pick it up.
        ServerServiceDefinition push = Unimplemented.rest(ServerServiceDefinition.builder(ConnectorServiceGrpc.getServiceDescriptor())
                .addMethod(ConnectorServiceGrpc.getPushBlockMethod(), ServerCalls.asyncUnaryCall(NaiveWsServer::pushBlock)),
                ConnectorServiceGrpc.getServiceDescriptor(), Set.of(ConnectorServiceGrpc.getPushBlockMethod())).build();
        NettyServerBuilder.forPort(grpcPort).addService(push).build().start().awaitTermination();
    }

    private static void pushBlock(PushBlockRequest request, StreamObserver<PushBlockReply> out) {
        Buffer frame = Buffer.buffer(request.getFrame().toByteArray());
        int n = 0;
        for (ServerWebSocket ws : SOCKETS) {
            ws.writeBinaryMessage(frame);
            n++;
        }
        out.onNext(PushBlockReply.newBuilder().setDelivered(n).build());
        out.onCompleted();
    }
}
