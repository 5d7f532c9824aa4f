package dev.roomcast.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roomcast.e2e.harness.Cluster;
import dev.roomcast.e2e.harness.ClusterTest;
import dev.roomcast.e2e.harness.Rooms;
import dev.roomcast.loadgen.cli.LoadgenMain;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code bin/roomcast demo} at a small size: the load generator's {@code room} command, as the demo runs it
 * (viewers ramping up with churn, chat, paid gifts, PK, likes, the reference client's anchor trusting the
 * server's gift cursor), against the real cluster.
 */
class DemoScenarioIT extends ClusterTest {

    private static final int VIEWERS = 100;

    /**
     * Every viewer is in the room before the measurement starts, and the anchor shows every gift
     * gift-service confirmed exactly once; the load generator's exit code says so too.
     */
    @Test
    void demoRoomJoinsEveryViewerAndShowsTheAnchorEveryGiftOnce() throws Exception {
        String room = Rooms.unique("demo");
        Path json = Path.of("target", "demo-scenario-" + room + ".json");
        String metrics = cluster.all().stream().map(s -> s.baseUrl() + "/q/metrics").collect(Collectors.joining(","));
        String servicePorts = cluster.all().stream().map(s -> Integer.toString(s.httpPort())).collect(Collectors.joining("|"));
        String[] args = Stream.of("room", "--room", room, "--viewers", Integer.toString(VIEWERS), "--join-rate", "100",
                "--chat-rate", "50", "--gift-rate", "2", "--pk-rate", "1", "--like-rate", "10", "--warmup", "2",
                "--seconds", "10", "--io-threads", "1",
                "--room-url", cluster.dispatcherUrl(), "--mailbox-url", cluster.mailbox.baseUrl(),
                "--gift-url", cluster.gift.baseUrl(), "--secret", Cluster.TOKEN_SECRET, "--service-secret", Cluster.SERVICE_TOKEN_SECRET, "--metrics", metrics,
                "--service-process", "services=quarkus.http.port=(" + servicePorts + ")",
                "--pid-dir", "target/no-launcher-pids", "--json", json.toString()).toArray(String[]::new);

        int exit = new CommandLine(new LoadgenMain()).execute(args);

        JsonObject report = new JsonObject(Files.readString(json));
        JsonObject gifts = report.getJsonObject("gifts");
        assertThat(report.getLong("viewersJoinedBeforeWindow")).as("viewers in the room before the window").isEqualTo(VIEWERS);
        assertThat(report.getBoolean("allJoinedBeforeWindow")).isTrue();
        assertThat(gifts.getBoolean("anchorJoined")).isTrue();
        assertThat(gifts.getLong("sent")).as("gifts confirmed by gift-service").isPositive();
        assertThat(gifts.getLong("toAnchor")).as("gifts shown by the anchor = gifts sent").isEqualTo(gifts.getLong("sent"));
        assertThat(gifts.getLong("missing")).isZero();
        assertThat(gifts.getLong("duplicates")).isZero();
        assertThat(gifts.getLong("shownFromEarlierRuns")).as("a fresh room has no earlier gifts").isZero();
        assertThat(exit).as("the load generator's verdict").isZero();
        // Online counts are exact: with churn over, once every viewer and the anchor left, the room counts 0.
        JsonObject online = report.getJsonObject("online");
        assertThat(online.getLong("sumAfterAllLeft")).as("online count after everyone left").isZero();
        assertThat(online.getLong("sumWhileIn")).as("online count with everyone in").isPositive();
    }
}
