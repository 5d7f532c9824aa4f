package dev.roomcast.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roomcast.common.auth.Issuers;
import dev.roomcast.common.auth.Role;
import dev.roomcast.common.auth.Scopes;
import dev.roomcast.common.auth.TokenIssuer;
import dev.roomcast.e2e.harness.Cluster;
import dev.roomcast.e2e.harness.ClusterTest;
import dev.roomcast.e2e.harness.Rooms;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The credential model on the packaged services as deployed (prod profile, their own user and service
 * secrets): who may record a gift and publish. Plain HTTP calls with hand-made tokens.
 */
class ScopedCredentialsIT extends ClusterTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    private record Answer(int status, String body) {
    }

    private static Answer post(String url, String bearer, String json) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + bearer).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.body());
    }

    private static String gift(String room) {
        return "{\"orderId\":\"" + Rooms.unique("order") + "\",\"roomId\":\"" + room + "\",\"fromUser\":\"fan\","
                + "\"fromNickname\":\"fan\",\"giftId\":\"rocket\",\"giftName\":\"Rocket\",\"count\":1,\"unitValue\":10}";
    }

    private static final String CHAT = "{\"type\":\"CHAT\",\"body\":\"hi\"}";

    @Test
    void onlyTheRightScopedServiceCredentialRecordsGiftsOrPublishes() throws Exception {
        String room = Rooms.unique("scoped");
        String gifts = cluster.gift.baseUrl() + "/v1/gifts";
        String messages = cluster.roomA.baseUrl() + "/v1/rooms/" + room + "/messages";
        TokenIssuer services = cluster.api.services();

        String viewer = cluster.api.tokens().viewer("viewer-1", Duration.ofMinutes(5));
        String connector = services.service("connector:e2e", Duration.ofMinutes(5), Scopes.CONNECTOR);
        String signedWithUserKey = TokenIssuer.users(Cluster.TOKEN_SECRET).signClaims("payment-backend", Role.SERVICE,
                List.of(), List.of(Scopes.GIFT_SEND, Scopes.PUBLISH), Instant.now().plusSeconds(300), Issuers.SERVICES, Issuers.AUDIENCE);
        String otherAudience = services.signClaims("payment-backend", Role.SERVICE, List.of(), Scopes.PAYMENT_BACKEND,
                Instant.now().plusSeconds(300), Issuers.SERVICES, "billing");

        // A viewer's token is no service credential.
        assertThat(post(gifts, viewer, gift(room))).satisfies(a -> assertThat(a.status()).as(a.body()).isEqualTo(403));
        assertThat(post(messages, viewer, CHAT)).satisfies(a -> assertThat(a.status()).as(a.body()).isEqualTo(403));
        // A connector's credential relays, it neither records gifts nor publishes.
        assertThat(post(gifts, connector, gift(room))).satisfies(a -> {
            assertThat(a.status()).as(a.body()).isEqualTo(403);
            assertThat(a.body()).contains("FORBIDDEN").contains("gift.send");
        });
        assertThat(post(messages, connector, CHAT)).satisfies(a -> {
            assertThat(a.status()).as(a.body()).isEqualTo(403);
            assertThat(a.body()).contains("FORBIDDEN").contains("publish");
        });
        // A service credential forged with the user key, or minted for another audience, does not verify.
        assertThat(post(gifts, signedWithUserKey, gift(room))).satisfies(a -> {
            assertThat(a.status()).as(a.body()).isEqualTo(401);
            assertThat(a.body()).contains("UNAUTHORIZED").contains("BAD_SIGNATURE");
        });
        assertThat(post(messages, signedWithUserKey, CHAT)).satisfies(a -> {
            assertThat(a.status()).as(a.body()).isEqualTo(401);
            assertThat(a.body()).contains("BAD_SIGNATURE");
        });
        assertThat(post(gifts, otherAudience, gift(room))).satisfies(a -> {
            assertThat(a.status()).as(a.body()).isEqualTo(401);
            assertThat(a.body()).contains("WRONG_AUDIENCE");
        });
        // The payment backend records the gift; the business backend publishes.
        assertThat(post(gifts, services.service("payment-backend", Duration.ofMinutes(5), Scopes.PAYMENT_BACKEND), gift(room)))
                .satisfies(a -> assertThat(a.status()).as(a.body()).isEqualTo(201));
        assertThat(post(messages, services.service("business-backend", Duration.ofMinutes(5), Scopes.BUSINESS_BACKEND), CHAT))
                .satisfies(a -> assertThat(a.status()).as(a.body()).isEqualTo(200));
    }
}
