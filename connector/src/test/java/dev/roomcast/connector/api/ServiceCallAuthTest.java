package dev.roomcast.connector.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roomcast.common.auth.Issuers;
import dev.roomcast.common.auth.Role;
import dev.roomcast.common.auth.Scopes;
import dev.roomcast.connector.backend.ServiceCredentials;
import dev.roomcast.connector.support.Tokens;
import dev.roomcast.connector.support.WireClient;
import dev.roomcast.proto.v1.ConnectorServiceGrpc;
import dev.roomcast.proto.v1.ErrorCode;
import dev.roomcast.proto.v1.Frame;
import dev.roomcast.proto.v1.KickRequest;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Who may call the connector's internal API (pushes, kicks: delivery) and open a client connection (users only). */
@QuarkusTest
class ServiceCallAuthTest {

    // Kicks a user no one is: harmless when allowed, and a refusal is decided before the call is served.
    private static final KickRequest KICK_NOBODY = KickRequest.newBuilder().setUserId("nobody-" + System.nanoTime())
            .setCode(ErrorCode.KICKED).build();

    @Inject
    Vertx vertx;

    @Inject
    ServiceCredentials credentials;

    private ManagedChannel channel;

    @BeforeEach
    void open() {
        channel = ManagedChannelBuilder.forAddress("localhost", 18081).usePlaintext().build();
    }

    @AfterEach
    void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    private Status kickAs(String authorization) {
        Metadata headers = new Metadata();
        if (authorization != null) {
            headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), authorization);
        }
        var stub = ConnectorServiceGrpc.newBlockingStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers)).withDeadlineAfter(10, TimeUnit.SECONDS);
        try {
            stub.kick(KICK_NOBODY);
            return Status.OK;
        } catch (StatusRuntimeException e) {
            return e.getStatus();
        }
    }

    @Test
    void roomServicesCredentialPushesAndKicks() {
        assertThat(kickAs(Tokens.roomService()).getCode()).isEqualTo(Status.Code.OK);
    }

    @Test
    void aViewerTokenCannotActAsAService() {
        Status status = kickAs("Bearer " + Tokens.viewer("alice"));
        assertThat(status.getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(status.getDescription()).startsWith("FORBIDDEN");
    }

    @Test
    void aConnectorsOwnCredentialHasNoDeliveryScope() {
        Status status = kickAs(credentials.bearer());
        assertThat(status.getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(status.getDescription()).contains("lacks scope delivery");
    }

    @Test
    void aServiceCredentialSignedWithTheUserKeyIsRefused() {
        String forged = Tokens.CURRENT.signClaims("room-service/forged", Role.SERVICE, List.of(), Scopes.ROOM_SERVICE,
                Instant.now().plusSeconds(300), Issuers.SERVICES, Issuers.AUDIENCE);
        Status status = kickAs("Bearer " + forged);
        assertThat(status.getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(status.getDescription()).contains("BAD_SIGNATURE");
        assertThat(kickAs(null).getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
    }

    @Test
    void aTokenOfAnotherAudienceIsRefusedWithItsReason() {
        String other = Tokens.SERVICES.signClaims("room-service/x", Role.SERVICE, List.of(), Scopes.ROOM_SERVICE,
                Instant.now().plusSeconds(300), Issuers.SERVICES, "billing");
        Status status = kickAs("Bearer " + other);
        assertThat(status.getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(status.getDescription()).contains("WRONG_AUDIENCE");
    }

    @Test
    void aServiceCredentialCannotOpenAClientConnection() {
        String service = Tokens.SERVICES.service("room-service/x", Duration.ofMinutes(5), Scopes.ROOM_SERVICE);
        try (WireClient client = WireClient.ws(vertx)) {
            Frame reply = client.authenticate(service);
            assertThat(reply.getError().getCode()).isEqualTo(ErrorCode.UNAUTHORIZED);
            assertThat(reply.getError().getMessage()).contains("roomcast-services");
            assertThat(client.awaitClosed(Duration.ofSeconds(5))).isEqualTo(ErrorCode.UNAUTHORIZED_VALUE);
        }
    }

    @Test
    void aUserTokenOfAnotherIssuerCannotOpenAClientConnection() {
        String foreign = Tokens.CURRENT.signClaims("mallory", Role.VIEWER, List.of(), List.of(),
                Instant.now().plusSeconds(300), "accounts.example.com", Issuers.AUDIENCE);
        try (WireClient client = WireClient.ws(vertx)) {
            Frame reply = client.authenticate(foreign);
            assertThat(reply.getError().getCode()).isEqualTo(ErrorCode.UNAUTHORIZED);
            assertThat(reply.getError().getMessage()).startsWith("WRONG_ISSUER");
            assertThat(client.awaitClosed(Duration.ofSeconds(5))).isEqualTo(ErrorCode.UNAUTHORIZED_VALUE);
        }
    }
}
