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
        ScenarioSpec spec = new ScenarioSpec(name, fleet, layout, viewers, rates, warmup, seconds, perProcess, workerHeap,
                anchor, metrics, processPatterns, pidDir, json);
        return new Scenario(spec, System.out).run();
    }
}
