package dev.roomcast.connector.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roomcast.connector.support.Tokens;
import dev.roomcast.connector.support.WireClient;
import dev.roomcast.proto.v1.ErrorCode;
import dev.roomcast.proto.v1.Frame;
import dev.roomcast.proto.v1.Heartbeat;
import dev.roomcast.proto.v1.Refresh;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Connections expire with their token (test profile: sweep 200 ms, refresh grace 1.5 s). */
@QuarkusTest
class TokenExpiryTest {

    @Inject
    Vertx vertx;

    private static String shortLived(String userId) {
        return Tokens.CURRENT.viewer(userId, Duration.ofSeconds(2));
    }

    @Test
    void anExpiredTokensConnectionIsAskedToRefreshThenClosed() {
        try (WireClient client = WireClient.ws(vertx)) {
            assertThat(client.authenticate(shortLived("lapsing")).hasAuthOk()).isTrue();
            long askedAfter = System.nanoTime();
            Frame ask = client.next(Frame.KindCase.REFRESH);
            assertThat(ask.getRefresh().getGraceMs()).isEqualTo(1500);
            assertThat(ask.getRefresh().getExpiresAtMs()).isLessThanOrEqualTo(System.currentTimeMillis());
            assertThat(client.awaitClosed(Duration.ofSeconds(5))).isEqualTo(ErrorCode.TOKEN_EXPIRED_VALUE);
            assertThat(Duration.ofNanos(System.nanoTime() - askedAfter)).isGreaterThan(Duration.ofMillis(1500));
        }
    }

    @Test
    void aRefreshedConnectionLivesOn() throws Exception {
        try (WireClient client = WireClient.tcp(vertx)) {
            client.authenticate(shortLived("renewing"));
            client.next(Frame.KindCase.REFRESH);
            client.send(Frame.newBuilder().setReqId(5).setRefresh(Refresh.newBuilder()
                    .setToken(Tokens.viewer("renewing"))).build());
            Frame confirm = client.next(Frame.KindCase.REFRESH);
            assertThat(confirm.getReqId()).isEqualTo(5);
            assertThat(confirm.getRefresh().getExpiresAtMs()).isGreaterThan(System.currentTimeMillis() + 60_000);
            Thread.sleep(2_500); // past the grace of the first ask
            client.send(Frame.newBuilder().setReqId(6).setHeartbeat(Heartbeat.newBuilder().setClientTimeMs(6)).build());
            Frame echo = client.next();
            assertThat(echo.hasError()).as("%s", echo).isFalse();
            assertThat(echo.getHeartbeat().getClientTimeMs()).isEqualTo(6);
            assertThat(client.isClosed()).isFalse();
        }
    }

    @Test
    void aRefreshWithAnotherUsersTokenCloses() {
        try (WireClient client = WireClient.ws(vertx)) {
            client.authenticate(Tokens.viewer("victim"));
            client.send(Frame.newBuilder().setReqId(2).setRefresh(Refresh.newBuilder()
                    .setToken(Tokens.viewer("intruder"))).build());
            assertThat(client.awaitClosed(Duration.ofSeconds(5))).isEqualTo(ErrorCode.UNAUTHORIZED_VALUE);
        }
    }
}
