package dev.roomcast.connector.backend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roomcast.connector.support.Eventually;
import dev.roomcast.connector.support.FakeRoomService;
import dev.roomcast.connector.support.Tokens;
import dev.roomcast.connector.support.WireClient;
import dev.roomcast.proto.v1.ConnectorInfo;
import dev.roomcast.proto.v1.ConnectorService;
import dev.roomcast.proto.v1.McastMembers;
import dev.roomcast.proto.v1.PushBlockRequest;
import dev.roomcast.proto.v1.ReannounceRequest;
import com.google.protobuf.ByteString;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import dev.roomcast.connector.support.RoomServiceCredentials;
import io.quarkus.grpc.RegisterClientInterceptor;
import io.quarkus.grpc.GrpcService;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.time.Duration;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

@QuarkusTest
class LeaseTest {

    @Inject
    Vertx vertx;

    @Inject
    @GrpcService
    FakeRoomService room;

    @GrpcClient("connector")
    @RegisterClientInterceptor(RoomServiceCredentials.class)
    ConnectorService connector;

    @GrpcClient("connector-anon")
    ConnectorService anonymousCaller;

    @Test
    void registersWithItsAddressesAndRenewsTheLease() {
        Eventually.until(Duration.ofSeconds(5), () -> !room.registers.isEmpty() && room.renews.size() >= 2);
        ConnectorInfo info = room.registers.get(0).getConnector();
        assertThat(info.getConnectorId()).isEqualTo("connector-test");
        assertThat(info.getGrpcAddress()).isEqualTo("localhost:18081");
        assertThat(info.getWsUrl()).isEqualTo("ws://localhost:18090/ws");
        assertThat(info.getTcpAddress()).isEqualTo("localhost:18091");
        assertThat(info.getDraining()).isFalse();
    }

    @Test
    void reannouncesEveryMcastWithItsMembersWhenRoomServiceAsks() {
        try (WireClient a = WireClient.ws(vertx); WireClient b = WireClient.tcp(vertx)) {
            a.authenticate(Tokens.viewer("ra"));
            b.authenticate(Tokens.viewer("rb"));
            a.join(2, "re-room", false);
            b.join(2, "re-room", false);
            int before = room.announces.size();
            room.askReannounce.set(true);
            Eventually.until(Duration.ofSeconds(5), () -> room.announces.size() > before);
            McastMembers members = room.announces.get(room.announces.size() - 1).getMcastsList().stream()
                    .filter(m -> m.getMcastId().equals("room:re-room")).findFirst().orElseThrow();
            assertThat(members.getMembers()).isEqualTo(2);
            assertThat(members.getUserIdsList()).containsExactlyInAnyOrder("ra", "rb");

            int count = connector.reannounce(ReannounceRequest.getDefaultInstance()).await().atMost(Duration.ofSeconds(5)).getMcasts();
            assertThat(count).isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void refusesPushesWithoutAServiceToken() {
        Assertions.assertThatThrownBy(() -> anonymousCaller.pushBlock(PushBlockRequest.newBuilder().setMcastId("global")
                        .setFrame(ByteString.copyFromUtf8("x")).build()).await().atMost(Duration.ofSeconds(5)))
                .isInstanceOf(StatusRuntimeException.class).hasMessageContaining("UNAUTHENTICATED");
    }
}
