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

/**
 * One gRPC channel per connector {@code grpc_address}, opened on first use and reused; closed when idle
 * (a replaced connector pod comes back under another address, its old channel must not linger).
 */
@ApplicationScoped
public class ConnectorChannels {

    private static final class Entry {
        final ManagedChannel channel;
        volatile long lastUsedMs;

        Entry(ManagedChannel channel) {
            this.channel = channel;
        }
    }

    private final Map<String, Entry> channels = new ConcurrentHashMap<>();
    private final ServiceCredential credential;
    private final GiftConfig config;

    ConnectorChannels(ServiceCredential credential, GiftConfig config) {
        this.credential = credential;
        this.config = config;
    }

    public MutinyConnectorServiceGrpc.MutinyConnectorServiceStub stub(String grpcAddress) {
        Entry entry = channels.computeIfAbsent(grpcAddress,
                address -> new Entry(Grpc.newChannelBuilder(address, InsecureChannelCredentials.create()).build()));
        entry.lastUsedMs = System.currentTimeMillis();
        return MutinyConnectorServiceGrpc.newMutinyStub(entry.channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(credential.metadata()))
                .withDeadlineAfter(config.callTimeoutMillis(), TimeUnit.MILLISECONDS);
    }

    /** Closes channels not used since {@code unusedSinceMs}. */
    void purgeIdle(long unusedSinceMs) {
        channels.entrySet().removeIf(e -> {
            if (e.getValue().lastUsedMs < unusedSinceMs) {
                e.getValue().channel.shutdown();
                return true;
            }
            return false;
        });
    }

    void close(@Observes ShutdownEvent event) {
        channels.values().forEach(e -> e.channel.shutdownNow());
        channels.clear();
    }
}
