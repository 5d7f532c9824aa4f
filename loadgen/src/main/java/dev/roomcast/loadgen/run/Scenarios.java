package dev.roomcast.loadgen.run;

import dev.roomcast.loadgen.fleet.FleetOptions;
import dev.roomcast.loadgen.fleet.RoomLayout;
import dev.roomcast.loadgen.traffic.PublishRates;
import java.io.File;
import java.util.List;
import java.util.Map;

/** Entry point from the commands into a run. */
public final class Scenarios {

    private Scenarios() {
    }

    public static int run(String name, FleetOptions fleet, int seconds, int warmup, File json, int perProcess, String workerHeap,
                          List<String> metrics, Map<String, String> processPatterns, java.nio.file.Path pidDir, RoomLayout layout, int viewers,
                          PublishRates rates, boolean anchor) throws Exception {
        return run(name, fleet, seconds, warmup, json, perProcess, workerHeap, metrics, processPatterns, pidDir, layout, viewers,
                rates, anchor, -1, -1);
    }

    /** With {@code switchPollAt >= 0}: the push -> poll -> push benchmark (seconds into the window). */
    public static int run(String name, FleetOptions fleet, int seconds, int warmup, File json, int perProcess, String workerHeap,
                          List<String> metrics, Map<String, String> processPatterns, java.nio.file.Path pidDir, RoomLayout layout, int viewers,
                          PublishRates rates, boolean anchor, int switchPollAt, int switchPushAt) throws Exception {
        ScenarioSpec spec = new ScenarioSpec(name, fleet, layout, viewers, rates, warmup, seconds, perProcess, workerHeap,
                anchor, metrics, processPatterns, pidDir, json);
        Scenario scenario = new Scenario(spec, System.out);
        if (switchPollAt >= 0) {
            scenario.switchAt(switchPollAt, switchPushAt);
        }
        return scenario.run();
    }
}
