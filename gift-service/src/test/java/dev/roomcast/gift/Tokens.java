package dev.roomcast.gift;

import dev.roomcast.common.auth.TokenIssuer;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import dev.roomcast.proto.v1.MutinyGiftServiceGrpc;
import java.time.Duration;
import java.util.List;

/** Tokens signed with the development secret the test app verifies with. */
final class Tokens {

    static final TokenIssuer ISSUER = new TokenIssuer("roomcast-dev-secret-change-me-0123456789abcdef");

    private Tokens() {
    }

    static String service() {
        return "Bearer " + ISSUER.service("payment-backend", Duration.ofMinutes(10));
    }

    /** A connector's credential: scoped to membership and the gift relay, as connectors mint it. */
    static String connector() {
        return "Bearer " + ISSUER.service("connector:test", Duration.ofMinutes(10), dev.roomcast.common.auth.Scopes.CONNECTOR);
    }

    /** The payment backend's credential scoped to what it does. */
    static String payments() {
        return "Bearer " + ISSUER.service("payment-backend", Duration.ofMinutes(10), List.of(dev.roomcast.common.auth.Scopes.GIFT_SEND));
    }

    static String anchor(String userId, String roomId) {
        return "Bearer " + ISSUER.anchor(userId, List.of(roomId), Duration.ofMinutes(10));
    }

    static String viewer(String userId) {
        return "Bearer " + ISSUER.viewer(userId, Duration.ofMinutes(10));
    }

    static MutinyGiftServiceGrpc.MutinyGiftServiceStub withService(MutinyGiftServiceGrpc.MutinyGiftServiceStub stub) {
        return withToken(stub, service());
    }

    static MutinyGiftServiceGrpc.MutinyGiftServiceStub withToken(MutinyGiftServiceGrpc.MutinyGiftServiceStub stub, String bearer) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), bearer);
        return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }
}
