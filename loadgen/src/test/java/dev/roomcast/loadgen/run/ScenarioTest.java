package dev.roomcast.loadgen.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roomcast.client.TransportKind;
import dev.roomcast.loadgen.fleet.FleetOptions;
import dev.roomcast.loadgen.fleet.RoomLayout;
import dev.roomcast.loadgen.traffic.PublishRates;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A whole (short) run against {@link MiniRoomcast}: viewers, publisher, window, report and JSON. */
class ScenarioTest {

    @Test
    void shortRunReportsDeliveryLatencyBytesAndDrops(@TempDir File dir) throws Exception {
        Vertx vertx = Vertx.vertx();
        try (MiniRoomcast server = new MiniRoomcast(vertx)) {
            String base = "http://127.0.0.1:" + server.port();
            FleetOptions fleet = new FleetOptions();
            fleet.roomUrl = base;
            fleet.mailboxUrl = base;
            fleet.giftUrl = base;
            fleet.secret = "roomcast-dev-secret-change-me-0123456789abcdef";
            fleet.transport = TransportKind.WEBSOCKET;
            fleet.sourceAddresses = 2;
            fleet.ioThreads = 1;
            fleet.decodeFraction = 0.5;
            fleet.joinRate = 200;
            fleet.churnRate = 10;
            fleet.httpConnections = 16;
            fleet.immediatePriority = 220;
            fleet.dictionary = "server";   // the default: downloaded from the (mini) room-service
            File json = new File(dir, "out.json");
            ScenarioSpec spec = new ScenarioSpec("room", fleet, RoomLayout.single("loadgen-live"), 20,
                    new PublishRates(50, 5, 2, 10), 1, 3, 1000, "256m", false,
                    List.of(base + "/q/metrics"), Map.of("self", "surefire"), null, json);
            ByteArrayOutputStream console = new ByteArrayOutputStream();
            int exit = new Scenario(spec, new PrintStream(console, true, StandardCharsets.UTF_8)).run();

            assertThat(exit).isZero();
            JsonObject report = new JsonObject(Files.readString(json.toPath()));
            assertThat(report.getLong("viewersJoined")).isEqualTo(20);
            assertThat(report.getLong("joins")).as("churn re-joins").isGreaterThan(20);
            // 20 viewers x 5 messages per 100 ms block = ~1000 msg/s (a loaded machine delays timers and then delivers the backlog in a burst)
            assertThat(report.getDouble("deliveredPerSecond")).isBetween(100.0, 5000.0);
            assertThat(report.getJsonObject("latency").getJsonObject("normal").getLong("p50Ms")).isBetween(25L, 5000L);
            assertThat(report.getJsonObject("latency").getJsonObject("immediate").getLong("count")).isPositive();
            assertThat(report.getDouble("wireVsJson")).isBetween(0.05, 1.0);
            assertThat(report.getDouble("compressionRatio")).isGreaterThan(1.0);
            assertThat(report.getLong("decodeErrors")).as("dictionary blocks decode once downloaded").isZero();
            assertThat(server.dictionaryDownloads.get()).as("one download per worker runtime, not per viewer")
                    .isBetween(1L, 2L);
            assertThat(report.getJsonObject("drops").getDouble("scheduler_dropped:overflow")).isPositive();
            assertThat(report.getJsonObject("publishes").getLong("CHAT:ok")).isPositive();
            assertThat(server.gifts.get()).isPositive();
            assertThat(console.toString(StandardCharsets.UTF_8)).contains("delivered messages/s", "latency normal");
        } finally {
            vertx.close();
        }
    }
}
