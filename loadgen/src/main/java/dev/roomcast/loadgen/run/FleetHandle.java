package dev.roomcast.loadgen.run;

import dev.roomcast.loadgen.measure.FleetStats;
import java.util.concurrent.CompletableFuture;

/** Viewers run here or in a worker process; the scenario sees both the same way. */
interface FleetHandle extends AutoCloseable {

    /** Starts the viewers; completes once all have been started. */
    CompletableFuture<Void> start();

    /** Cumulative counters and histograms so far. */
    FleetStats stats();

    /** Viewers started so far (for the progress line). */
    long started();

    @Override
    void close();
}
