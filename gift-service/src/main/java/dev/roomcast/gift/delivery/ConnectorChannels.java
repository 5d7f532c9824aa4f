package dev.roomcast.gift.delivery;

import dev.roomcast.gift.auth.ServiceCredential;
import dev.roomcast.gift.config.GiftConfig;
import dev.roomcast.proto.v1.MutinyConnectorServiceGrpc;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.stub.MetadataUtils;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** One gRPC channel per connector {@code grpc_address}, opened on first use and kept (connectors are few). */
@ApplicationScoped
public class ConnectorChannels {

    private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();
    private final ServiceCredential credential;
    private final GiftConfig config;

    ConnectorChannels(ServiceCredential credential, GiftConfig config) {
        this.credential = credential;
        this.config = config;
    }

    public MutinyConnectorServiceGrpc.MutinyConnectorServiceStub stub(String grpcAddress) {
        ManagedChannel channel = channels.computeIfAbsent(grpcAddress,
                address -> Grpc.newChannelBuilder(address, InsecureChannelCredentials.create()).build());
        return MutinyConnectorServiceGrpc.newMutinyStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(credential.metadata()))
                .withDeadlineAfter(config.callTimeoutMillis(), TimeUnit.MILLISECONDS);
    }

    void close(@Observes ShutdownEvent event) {
        channels.values().forEach(ManagedChannel::shutdownNow);
        channels.clear();
    }
}
