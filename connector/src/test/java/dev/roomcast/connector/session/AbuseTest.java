package dev.roomcast.connector.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roomcast.connector.support.FakeGiftService;
import dev.roomcast.connector.support.Tokens;
import dev.roomcast.connector.support.WireClient;
import dev.roomcast.proto.v1.ErrorCode;
import dev.roomcast.proto.v1.Frame;
import dev.roomcast.proto.v1.Gift;
import dev.roomcast.proto.v1.GiftAck;
import dev.roomcast.proto.v1.Heartbeat;
import io.quarkus.grpc.GrpcService;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rate-limit exemptions cannot be abused, and the abuse score decays (test profile: one point per second). */
@QuarkusTest
class AbuseTest {

    private static final byte[] GARBAGE = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x01, 0x02};

    @Inject
    Vertx vertx;

    @Inject
    @GrpcService
    FakeGiftService gifts;

    @Test
    void bogusAcksAreRequestErrorsThatCloseTheLoopingClient() throws Exception {
        gifts.ledger.put("a-bogus", List.of(Gift.newBuilder().setRoomId("a-bogus").setSeq(1).setOrderId("o1").build()));
        try (WireClient client = WireClient.ws(vertx)) {
            client.authenticate(Tokens.anchor("looper", "a-bogus"));
            int sent = 0;
            // A client looping on GiftAck{seq = MAX}: each one would cost gift-service a transaction.
            while (!client.isClosed() && sent < 200) {
                client.send(Frame.newBuilder().setReqId(++sent).setGiftAck(GiftAck.newBuilder()
                        .setRoomId("a-bogus").setSeq(Long.MAX_VALUE)).build());
                Thread.sleep(20);
            }
            assertThat(client.awaitClosed(Duration.ofSeconds(10))).isEqualTo(ErrorCode.ABUSE_VALUE);
            long relayed = gifts.acks.stream().filter(a -> a.getRoomId().equals("a-bogus")).count();
            // Threshold 10 with one point of decay per second: about a dozen refusals, never one per frame.
            assertThat(relayed).as("acks relayed to gift-service out of %d sent", sent).isLessThanOrEqualTo(15);
            List<ErrorCode> errors = new ArrayList<>();
            for (Frame f = client.poll(Duration.ZERO); f != null; f = client.poll(Duration.ZERO)) {
                if (f.hasError()) {
                    errors.add(f.getError().getCode());
                }
            }
            assertThat(errors).contains(ErrorCode.NOT_ALLOWED).doesNotContain(ErrorCode.UNAVAILABLE).endsWith(ErrorCode.ABUSE);
        }
    }

    @Test
    void abuseScoreDecaysSoScatteredBadFramesDoNotCloseTheConnection() throws Exception {
        try (WireClient client = WireClient.ws(vertx)) {
            client.authenticate(Tokens.viewer("scattered"));
            // Rounds of 5 bad frames 4.5 s apart (under the 6 s idle limit): the score goes 5, 6, 7.
            for (int round = 0; round < 3; round++) {
                for (int i = 0; i < 5; i++) {
                    client.sendBytes(GARBAGE);
                }
                for (int i = 0; i < 5; i++) {
                    assertThat(client.next().getError().getCode()).isEqualTo(ErrorCode.BAD_FRAME);
                }
                Thread.sleep(4_500);
            }
            // 15 bad frames in all, above the threshold of 10, yet the connection stays.
            client.send(Frame.newBuilder().setReqId(9).setHeartbeat(Heartbeat.newBuilder().setClientTimeMs(3)).build());
            Frame echo = client.next();
            assertThat(echo.hasError()).as("%s", echo).isFalse();
            assertThat(echo.getHeartbeat().getClientTimeMs()).isEqualTo(3);
        }
    }

    @Test
    void aBurstOfBadFramesStillClosesWithAbuse() {
        try (WireClient client = WireClient.ws(vertx)) {
            client.authenticate(Tokens.viewer("burst"));
            for (int i = 0; i < 12; i++) {
                client.sendBytes(GARBAGE);
            }
            assertThat(client.awaitClosed(Duration.ofSeconds(5))).isEqualTo(ErrorCode.ABUSE_VALUE);
        }
    }
}
