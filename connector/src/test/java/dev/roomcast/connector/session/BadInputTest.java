package dev.roomcast.connector.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roomcast.connector.support.Tokens;
import dev.roomcast.connector.support.WireClient;
import dev.roomcast.proto.v1.Auth;
import dev.roomcast.proto.v1.Block;
import dev.roomcast.proto.v1.ErrorCode;
import dev.roomcast.proto.v1.Frame;
import dev.roomcast.proto.v1.Heartbeat;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import jakarta.inject.Inject;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
class BadInputTest {

    @Inject
    Vertx vertx;

    @Inject
    dev.roomcast.connector.membership.ConnectionRegistry connections;

    private static final byte[] GARBAGE = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x01, 0x02};

    @Test
    void undecodableFrameGetsBadFrameAndTheConnectionStays() {
        try (WireClient client = WireClient.ws(vertx)) {
            client.authenticate(Tokens.viewer("bf"));
            client.sendBytes(GARBAGE);
            assertThat(client.next().getError().getCode()).isEqualTo(ErrorCode.BAD_FRAME);
            assertThat(client.join(2, "bad-input", false).hasJoinOk()).isTrue();
        }
    }

    @Test
    void emptyFrameOverTcpGetsBadFrame() {
        try (WireClient client = WireClient.tcp(vertx)) {
            client.authenticate(Tokens.viewer("empty"));
            client.sendBytes(new byte[0]);
            assertThat(client.next().getError().getCode()).isEqualTo(ErrorCode.BAD_FRAME);
        }
    }

    @Test
    void undecodableJsonGetsBadFrame() {
        try (WireClient client = WireClient.ws(vertx, "?format=json", "127.0.0.1")) {
            client.sendText("{not json");
            assertThat(client.next().getError().getCode()).isEqualTo(ErrorCode.BAD_FRAME);
        }
    }

    @Test
    void serverOnlyFrameKindGetsUnknownFrame() {
        try (WireClient client = WireClient.tcp(vertx)) {
            client.authenticate(Tokens.viewer("uf"));
            client.send(Frame.newBuilder().setReqId(9).setBlock(Block.newBuilder().setMcastId("room:x")).build());
            Frame error = client.next();
            assertThat(error.getReqId()).isEqualTo(9);
            assertThat(error.getError().getCode()).isEqualTo(ErrorCode.UNKNOWN_FRAME);
        }
    }

    @Test
    void frameWithUnknownKindGetsUnknownFrame() {
        try (WireClient client = WireClient.ws(vertx)) {
            client.authenticate(Tokens.viewer("uk"));
            // field 99, varint 1: a kind from a newer protocol this connector does not know
            client.sendBytes(new byte[] {(byte) 0x98, 0x06, 0x01});
            assertThat(client.next().getError().getCode()).isEqualTo(ErrorCode.UNKNOWN_FRAME);
        }
    }

    @Test
    void oversizedWebSocketFrameGetsFrameTooLarge() {
        try (WireClient client = WireClient.ws(vertx)) {
            client.authenticate(Tokens.viewer("big"));
            client.sendBytes(new byte[6000]);
            assertThat(client.next().getError().getCode()).isEqualTo(ErrorCode.FRAME_TOO_LARGE);
            assertThat(client.join(2, "after-big", false).hasJoinOk()).isTrue();
        }
    }

    @Test
    void hugeWebSocketFrameGetsATypedCloseNotAReset() {
        try (WireClient client = WireClient.ws(vertx)) {
            client.authenticate(Tokens.viewer("huge"));
            // Far above the hard cap (twice the 4 KiB limit): Netty refuses it unread.
            int before = connections.count();
            client.sendBytes(new byte[200 * 1024]);
            assertThat(client.awaitClosed(Duration.ofSeconds(5))).isEqualTo(ErrorCode.FRAME_TOO_LARGE_VALUE);
            // The server lingers briefly before closing the socket (see ChannelTransport.flushThenClose).
            dev.roomcast.connector.support.Eventually.until(Duration.ofSeconds(5), () -> connections.count() < before);
        }
    }

    @Test
    void roomIdsOutsideTheSharedDefinitionGetBadRoom() {
        try (WireClient client = WireClient.tcp(vertx)) {
            client.authenticate(Tokens.anchor("ids", "ok-room"));
            assertThat(client.join(2, "房间1", false).getError().getCode()).isEqualTo(ErrorCode.BAD_ROOM);
            assertThat(client.join(3, "r".repeat(65), false).getError().getCode()).isEqualTo(ErrorCode.BAD_ROOM);
            client.send(Frame.newBuilder().setReqId(4).setGiftAck(dev.roomcast.proto.v1.GiftAck.newBuilder()
                    .setRoomId("房间1").setSeq(1)).build());
            assertThat(client.next().getError().getCode()).isEqualTo(ErrorCode.BAD_ROOM);
            assertThat(client.join(5, "show:42@pk.1", false).hasJoinOk()).as("colon and at sign are room id characters").isTrue();
        }
    }

    @Test
    void oversizedTcpFrameIsSkippedWithoutLosingTheStream() {
        try (WireClient client = WireClient.tcp(vertx)) {
            client.authenticate(Tokens.viewer("bigtcp"));
            client.sendBytes(new byte[6000]);
            assertThat(client.next().getError().getCode()).isEqualTo(ErrorCode.FRAME_TOO_LARGE);
            client.send(Frame.newBuilder().setReqId(5).setHeartbeat(Heartbeat.newBuilder().setClientTimeMs(1)).build());
            assertThat(client.next().getHeartbeat().getClientTimeMs()).isEqualTo(1);
        }
    }

    @Test
    void absurdTcpLengthIsRejectedBeforeAllocating() {
        try (WireClient client = WireClient.tcp(vertx)) {
            client.authenticate(Tokens.viewer("absurd"));
            client.sendRawTcp(Buffer.buffer().appendInt(0x7FFF_FFF0).appendBytes(new byte[100]));
            Frame error = client.next();
            assertThat(error.getError().getCode()).isEqualTo(ErrorCode.FRAME_TOO_LARGE);
            assertThat(error.getError().getMessage()).contains(String.valueOf(0x7FFF_FFF0));
        }
    }

    @Test
    void floodIsRateLimitedThenClosedForAbuse() throws Exception {
        try (WireClient client = WireClient.ws(vertx)) {
            client.authenticate(Tokens.viewer("flood"));
            for (int i = 0; i < 80; i++) {
                client.send(Frame.newBuilder().setReqId(100 + i).setHeartbeat(Heartbeat.newBuilder()).build());
            }
            List<ErrorCode> errors = new ArrayList<>();
            for (int i = 0; i < 80; i++) {
                Frame f = client.poll(Duration.ofSeconds(5));
                if (f == null) {
                    break;
                }
                if (f.hasError()) {
                    errors.add(f.getError().getCode());
                    if (f.getError().getCode() == ErrorCode.ABUSE) {
                        break;
                    }
                }
            }
            assertThat(errors).contains(ErrorCode.RATE_LIMITED).endsWith(ErrorCode.ABUSE);
            assertThat(client.awaitClosed(Duration.ofSeconds(5))).isEqualTo(ErrorCode.ABUSE_VALUE);
        }
    }

    @Test
    void repeatedBadFramesCloseWithAbuse() {
        try (WireClient client = WireClient.tcp(vertx)) {
            client.authenticate(Tokens.viewer("abuser"));
            for (int i = 0; i < 10; i++) {
                client.sendBytes(GARBAGE);
            }
            ErrorCode last = null;
            for (int i = 0; i < 10; i++) {
                last = client.next().getError().getCode();
            }
            assertThat(last).isEqualTo(ErrorCode.ABUSE);
            client.awaitClosed(Duration.ofSeconds(5));
        }
    }

    @Test
    void refusesConnectionsAboveThePerAddressLimit() throws IOException {
        List<WireClient> clients = new ArrayList<>();
        try {
            // The test profile allows 100 connections per source address.
            for (int i = 0; i < 100; i++) {
                WireClient c = WireClient.tcp(vertx, "127.0.0.77");
                clients.add(c);
                c.send(Frame.newBuilder().setAuth(Auth.newBuilder().setDeviceId("ip-" + i)).build());
                assertThat(c.next().hasAuthOk()).isTrue();
            }
            // A plain blocking socket: the connector answers before the client says anything, and a Vert.x
            // NetSocket drops bytes read before its handler is set (possible when they come with the connect).
            try (Socket socket = new Socket()) {
                socket.bind(new InetSocketAddress("127.0.0.77", 0));
                socket.connect(new InetSocketAddress("127.0.0.1", WireClient.TCP_PORT), 5_000);
                socket.setSoTimeout(10_000);
                DataInputStream in = new DataInputStream(socket.getInputStream());
                byte[] frame = new byte[in.readInt()];
                in.readFully(frame);
                assertThat(Frame.parseFrom(frame).getError().getCode()).isEqualTo(ErrorCode.CONNECTION_LIMIT);
                assertThat(in.read()).as("closed after the error").isEqualTo(-1);
            }
        } finally {
            clients.forEach(WireClient::close);
        }
    }
}
