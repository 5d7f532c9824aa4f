package dev.roomcast.loadgen.run;

import dev.roomcast.loadgen.fleet.FleetOptions;
import dev.roomcast.loadgen.fleet.RoomLayout;
import dev.roomcast.loadgen.traffic.PublishRates;
import java.io.File;
import java.util.List;
import java.util.Map;

/** Everything a scenario run needs, gathered from the command line. */
record ScenarioSpec(String name, FleetOptions fleet, RoomLayout layout, int viewers, PublishRates rates,
                    int warmupSeconds, int seconds, int perProcess, String workerHeap, boolean anchor,
                    List<String> metricsUrls, Map<String, String> processPatterns, java.nio.file.Path pidDir, File json) {
}
