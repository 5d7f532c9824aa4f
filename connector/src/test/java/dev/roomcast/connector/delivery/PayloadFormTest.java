package dev.roomcast.connector.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.roomcast.connector.metrics.ConnectorMetrics;
import dev.roomcast.connector.support.ConnectorCalls;
import dev.roomcast.connector.support.RoomServiceCredentials;
import dev.roomcast.connector.support.Tokens;
import dev.roomcast.connector.support.WireClient;
import dev.roomcast.proto.v1.ConnectorService;
import dev.roomcast.proto.v1.Frame;
import dev.roomcast.proto.v1.PayloadFormat;
import dev.roomcast.proto.v1.PushBlockReply;
import dev.roomcast.proto.v1.PushBlockRequest;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.grpc.RegisterClientInterceptor;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The payload form is negotiated at Auth and chosen per connection from the two frames room-service pushed,
 * each wrapped once: a client that asks for the compact form gets its bytes, an old client (asks for nothing)
 * and a WebSocket JSON client get the plain bytes of the same push.
 */
@QuarkusTest
class PayloadFormTest {

    @Inject
    Vertx vertx;

    @Inject
    ConnectorMetrics metrics;

    @GrpcClient("connector")
    @RegisterClientInterceptor(RoomServiceCredentials.class)
    ConnectorService connector;

    @Test
    void eachConnectionGetsTheFormItNegotiatedFromOnePush() {
        try (WireClient compactWs = WireClient.ws(vertx); WireClient compactTcp = WireClient.tcp(vertx);
             WireClient old = WireClient.ws(vertx); WireClient json = WireClient.ws(vertx, "?format=json", "127.0.0.1")) {
            assertThat(compactWs.authenticate(Tokens.viewer("pf-a"), PayloadFormat.PAYLOAD_COMPACT).getAuthOk()
                    .getPayloadFormat()).isEqualTo(PayloadFormat.PAYLOAD_COMPACT);
            assertThat(compactTcp.authenticate(Tokens.viewer("pf-b"), PayloadFormat.PAYLOAD_COMPACT).getAuthOk()
                    .getPayloadFormat()).isEqualTo(PayloadFormat.PAYLOAD_COMPACT);
            assertThat(old.authenticate(Tokens.viewer("pf-old")).getAuthOk().getPayloadFormat())
                    .isEqualTo(PayloadFormat.PAYLOAD_PLAIN);
            assertThat(json.authenticate(Tokens.viewer("pf-json"), PayloadFormat.PAYLOAD_COMPACT).getAuthOk()
                    .getPayloadFormat()).as("JSON frames carry the payload as opaque bytes: plain").isEqualTo(PayloadFormat.PAYLOAD_PLAIN);
            for (WireClient c : new WireClient[] {compactWs, compactTcp, old, json}) {
                assertThat(c.join(2, "forms", false).hasJoinOk()).isTrue();
            }
            ByteString plain = ConnectorCalls.block("room:forms", 5, 300);
            Frame smaller = Frame.parseFrom(ConnectorCalls.block("room:forms", 5, 200));
            ByteString compact = smaller.toBuilder().setBlock(smaller.getBlock().toBuilder()
                    .setPayloadFormat(PayloadFormat.PAYLOAD_COMPACT)).build().toByteString();
            double encodedBefore = metrics.encodedCount();

            PushBlockReply reply = connector.pushBlock(PushBlockRequest.newBuilder().setMcastId("room:forms")
                    .setFrame(plain).setCompactFrame(compact).build()).await().atMost(Duration.ofSeconds(10));

            assertThat(reply.getDelivered()).isEqualTo(4);
            assertThat(metrics.encodedCount() - encodedBefore).isEqualTo(1.0);
            for (WireClient c : new WireClient[] {compactWs, compactTcp}) {
                assertThat(c.next(Frame.KindCase.BLOCK).getBlock().getPayloadFormat()).isEqualTo(PayloadFormat.PAYLOAD_COMPACT);
                assertThat(c.raw.get(c.raw.size() - 1)).isEqualTo(compact.toByteArray());
            }
            assertThat(old.next(Frame.KindCase.BLOCK).getBlock().getPayloadFormat()).isEqualTo(PayloadFormat.PAYLOAD_PLAIN);
            assertThat(old.raw.get(old.raw.size() - 1)).isEqualTo(plain.toByteArray());
            json.next(Frame.KindCase.BLOCK);
            assertThat(json.texts.get(json.texts.size() - 1)).doesNotContain("payloadFormat");
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aPushWithoutACompactFrameReachesCompactClientsInThePlainForm() {
        try (WireClient compact = WireClient.tcp(vertx)) {
            compact.authenticate(Tokens.viewer("pf-c"), PayloadFormat.PAYLOAD_COMPACT);
            assertThat(compact.join(2, "forms-plain", false).hasJoinOk()).isTrue();
            ByteString plain = ConnectorCalls.block("room:forms-plain", 1, 40);

            connector.pushBlock(PushBlockRequest.newBuilder().setMcastId("room:forms-plain").setFrame(plain).build())
                    .await().atMost(Duration.ofSeconds(10));

            compact.next(Frame.KindCase.BLOCK);
            assertThat(compact.raw.get(compact.raw.size() - 1)).isEqualTo(plain.toByteArray());
        }
    }
}
