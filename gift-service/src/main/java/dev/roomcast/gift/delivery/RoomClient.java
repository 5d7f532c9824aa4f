package dev.roomcast.gift.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roomcast.gift.auth.ServiceCredential;
import dev.roomcast.gift.config.GiftConfig;
import dev.roomcast.gift.ledger.LedgerGift;
import dev.roomcast.proto.v1.ConnectorInfo;
import dev.roomcast.proto.v1.GetRouteRequest;
import dev.roomcast.proto.v1.MessageType;
import dev.roomcast.proto.v1.MutinyRoomServiceGrpc;
import dev.roomcast.proto.v1.PublishRequest;
import dev.roomcast.proto.v1.PublishTarget;
import dev.roomcast.proto.v1.Sender;
import io.grpc.stub.MetadataUtils;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** room-service as gift-service uses it: publish the viewers' GIFT message, and look up gift routes. */
@ApplicationScoped
public class RoomClient {

    private record CachedRoute(List<ConnectorInfo> connectors, long expiresAtMs) {
    }

    private final MutinyRoomServiceGrpc.MutinyRoomServiceStub room;
    private final ServiceCredential credential;
    private final GiftConfig config;
    private final ObjectMapper json;
    private final Map<String, CachedRoute> routes = new ConcurrentHashMap<>();

    RoomClient(@GrpcClient("room") MutinyRoomServiceGrpc.MutinyRoomServiceStub room, ServiceCredential credential,
               GiftConfig config, ObjectMapper json) {
        this.room = room;
        this.credential = credential;
        this.config = config;
        this.json = json;
    }

    private MutinyRoomServiceGrpc.MutinyRoomServiceStub stub() {
        return room.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(credential.metadata()))
                .withDeadlineAfter(config.callTimeoutMillis(), TimeUnit.MILLISECONDS);
    }

    /** Publishes the gift to viewers; room-service's policy picks priority and "immediate" from gift_value. */
    public Uni<Long> publish(LedgerGift gift) {
        PublishRequest request = PublishRequest.newBuilder()
                .setTarget(PublishTarget.ROOM)
                .setRoomId(gift.roomId())
                .setType(MessageType.GIFT)
                .setSender(Sender.newBuilder().setUserId(gift.fromUserId()).setNickname(gift.fromNickname()))
                .setBody(body(gift))
                .setGiftValue(gift.totalValue())
                .setPublishId(publishId(gift.orderId()))
                .build();
        return stub().publish(request).map(reply -> reply.getMsgId());
    }

    /**
     * The gift's idempotency key at room-service: its order id, so that an outbox replay or a retried call
     * answers the first publish's msgId and viewers see the gift once. Order ids outside room-service's key
     * alphabet are hashed (SHA-256, hex).
     */
    static String publishId(String orderId) {
        if (PUBLISH_ID_SAFE.matcher(orderId).matches()) {
            return "gift:" + orderId;
        }
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(orderId.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return "gift:sha256:" + java.util.HexFormat.of().formatHex(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    private static final java.util.regex.Pattern PUBLISH_ID_SAFE = java.util.regex.Pattern.compile("[A-Za-z0-9_.:@\\-]{1,100}");

    /** The connectors holding the room's gift channel, reused for {@code routeCacheMillis}. */
    public Uni<List<ConnectorInfo>> giftRoute(String roomId) {
        long now = System.currentTimeMillis();
        CachedRoute cached = routes.get(roomId);
        if (cached != null && cached.expiresAtMs() > now) {
            return Uni.createFrom().item(cached.connectors());
        }
        return stub().getRoute(GetRouteRequest.newBuilder().setMcastId("gift:" + roomId).build())
                .map(reply -> {
                    List<ConnectorInfo> connectors = List.copyOf(reply.getConnectorsList());
                    routes.put(roomId, new CachedRoute(connectors, now + config.routeCacheMillis()));
                    return connectors;
                });
    }

    /** Forgets a room's route at once (e.g. the anchor was not where the route said). */
    public void forgetRoute(String roomId) {
        routes.remove(roomId);
    }

    /** Drops expired cache entries so that the cache stays as large as the set of active rooms. */
    public void purgeExpiredRoutes() {
        long now = System.currentTimeMillis();
        routes.values().removeIf(r -> r.expiresAtMs() <= now);
    }

    private String body(LedgerGift gift) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("seq", gift.seq());
        fields.put("orderId", gift.orderId());
        fields.put("giftId", gift.giftId());
        fields.put("giftName", gift.giftName());
        fields.put("count", gift.count());
        fields.put("unitValue", gift.unitValue());
        fields.put("totalValue", gift.totalValue());
        try {
            return json.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode gift body", e);
        }
    }
}
