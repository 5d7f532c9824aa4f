package dev.roomcast.loadgen.run;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU of every service per named phase of a run (e.g. push, the switch, polling): a {@link ServerProbe}
 * reading at each phase boundary, reported as cores (CPU seconds per wall second) with the phase's length.
 * A phase entered twice keeps its last span.
 */
final class Phases {

    private final ServerProbe probe;
    private final Map<String, Map<String, Object>> byPhase = new LinkedHashMap<>();
    private String current;
    private long startedAtMs;
    private ServerProbe.Reading startReading;

    Phases(ServerProbe probe) {
        this.probe = probe;
    }

    /** Ends the running phase (if any) at {@code atMs} and starts {@code name}. */
    void begin(String name, long atMs) {
        ServerProbe.Reading now = probe.read();
        close(now, atMs);
        current = name;
        startedAtMs = atMs;
        startReading = now;
    }

    void end(long atMs) {
        close(probe.read(), atMs);
        current = null;
    }

    Map<String, Map<String, Object>> coresByPhase() {
        return byPhase;
    }

    private void close(ServerProbe.Reading now, long atMs) {
        if (current == null) {
            return;
        }
        double seconds = Math.max(0.001, (atMs - startedAtMs) / 1000.0);
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("seconds", Math.round(seconds * 10) / 10.0);
        for (String service : now.cpuMillisByPid().keySet()) {
            double cores = now.cpuMillisSince(startReading, service) / 1000.0 / seconds;
            figures.put(service, Math.round(cores * 100) / 100.0);
        }
        byPhase.put(current, figures);
    }
}
