package dev.roomcast.gift;

import dev.roomcast.common.auth.Issuers;
import dev.roomcast.common.auth.Role;
import dev.roomcast.common.auth.Scopes;
import dev.roomcast.common.auth.SecretPolicy;
import dev.roomcast.common.auth.TokenIssuer;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import dev.roomcast.proto.v1.MutinyGiftServiceGrpc;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Tokens signed with the development keys the test app verifies with (user and service secrets). */
final class Tokens {

    static final TokenIssuer ISSUER = TokenIssuer.users(SecretPolicy.DEVELOPMENT_SECRET);
    static final TokenIssuer SERVICES = TokenIssuer.services(SecretPolicy.DEVELOPMENT_SERVICE_SECRET);

    private Tokens() {
    }

    /** The tests play the payment backend and a relaying connector with one credential. */
    static String service() {
        return "Bearer " + SERVICES.service("payment-backend", Duration.ofMinutes(10), List.of(Scopes.GIFT_SEND, Scopes.GIFT_RELAY));
    }

    /** A connector's credential: scoped to membership and the gift relay, as connectors mint it. */
    static String connector() {
        return "Bearer " + SERVICES.service("connector:test", Duration.ofMinutes(10), Scopes.CONNECTOR);
    }

    /** The payment backend's credential scoped to what it does. */
    static String payments() {
        return "Bearer " + SERVICES.service("payment-backend", Duration.ofMinutes(10), Scopes.PAYMENT_BACKEND);
    }

    /** A credential with gift.send, signed with the user key: what a leaked user-token key could forge. */
    static String paymentsSignedWithUserKey() {
        return "Bearer " + ISSUER.signClaims("payment-backend", Role.SERVICE, List.of(), Scopes.PAYMENT_BACKEND,
                Instant.now().plusSeconds(600), Issuers.SERVICES, Issuers.AUDIENCE);
    }

    /** A correctly signed gift.send credential naming another issuer or audience (null = the platform's). */
    static String paymentsClaiming(String iss, String aud) {
        return "Bearer " + SERVICES.signClaims("payment-backend", Role.SERVICE, List.of(), Scopes.PAYMENT_BACKEND,
                Instant.now().plusSeconds(600), iss == null ? Issuers.SERVICES : iss, aud == null ? Issuers.AUDIENCE : aud);
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
