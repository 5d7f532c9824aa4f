package dev.roomcast.connector.backend;

import dev.roomcast.connector.config.ConnectorConfig;
import dev.roomcast.proto.v1.AckGiftReply;
import dev.roomcast.proto.v1.AckGiftRequest;
import dev.roomcast.proto.v1.GiftService;
import dev.roomcast.proto.v1.PullGiftsReply;
import dev.roomcast.proto.v1.PullGiftsRequest;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.grpc.RegisterClientInterceptor;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.time.Duration;

/** gift-service for the anchor's relay: acks and pulls. */
@Singleton
public class GiftGateway {

    @GrpcClient("gift")
    @RegisterClientInterceptor(ServiceCredentialInterceptor.class)
    GiftService gift;

    private final Duration timeout;

    GiftGateway(ConnectorConfig config) {
        this.timeout = Duration.ofMillis(config.backendTimeoutMillis());
    }

    public Uni<AckGiftReply> ack(AckGiftRequest request) {
        return gift.ackGift(request).ifNoItem().after(timeout).fail();
    }

    public Uni<PullGiftsReply> pull(PullGiftsRequest request) {
        return gift.pullGifts(request).ifNoItem().after(timeout).fail();
    }
}
