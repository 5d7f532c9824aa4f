package dev.roomcast.room.delivery;

import dev.roomcast.proto.v1.MutinyConnectorServiceGrpc;
import dev.roomcast.proto.v1.MutinyRoomServiceGrpc;
import dev.roomcast.room.auth.OutboundCredentials;
import dev.roomcast.room.auth.ServiceAuth;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.client.GrpcClientChannel;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.ConcurrentHashMap;

/**
 * gRPC channels to peers known only at run time (connectors by the grpc_address they register,
 * room-service owners by their advertised address): one Vert.x gRPC client (non-blocking, HTTP/2,
 * one multiplexed connection per address), a cached channel per address, the service credential
 * on every call.
 */
@ApplicationScoped
public class GrpcChannels {

    private final GrpcClient client;
    private final OutboundCredentials credentials;
    private final ConcurrentHashMap<String, Channel> channels = new ConcurrentHashMap<>();

    public GrpcChannels(Vertx vertx, ServiceAuth auth) {
        this.client = GrpcClient.client(vertx, new HttpClientOptions()
                .setProtocolVersion(HttpVersion.HTTP_2)
                .setHttp2ClearTextUpgrade(false)
                .setHttp2MaxPoolSize(1));
        this.credentials = new OutboundCredentials(auth);
    }

    void onStop(@Observes ShutdownEvent event) {
        client.close();
    }

    public MutinyConnectorServiceGrpc.MutinyConnectorServiceStub connector(String grpcAddress) {
        return MutinyConnectorServiceGrpc.newMutinyStub(channel(grpcAddress));
    }

    public MutinyRoomServiceGrpc.MutinyRoomServiceStub room(String grpcAddress) {
        return MutinyRoomServiceGrpc.newMutinyStub(channel(grpcAddress));
    }

    public Channel channel(String grpcAddress) {
        return channels.computeIfAbsent(grpcAddress, address -> ClientInterceptors.intercept(
                new GrpcClientChannel(client, parse(address)), credentials));
    }

    static SocketAddress parse(String address) {
        int colon = address.lastIndexOf(':');
        if (colon <= 0 || colon == address.length() - 1) {
            throw new IllegalArgumentException("grpc address must be host:port: " + address);
        }
        String host = address.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return SocketAddress.inetSocketAddress(Integer.parseInt(address.substring(colon + 1)), host);
    }
}
