package dev.roomcast.loadgen.run;

import dev.roomcast.loadgen.fleet.FleetOptions;
import dev.roomcast.loadgen.fleet.RoomLayout;
import dev.roomcast.loadgen.fleet.ViewerFleet;
import dev.roomcast.loadgen.measure.FleetStats;
import java.util.concurrent.CompletableFuture;

/** Viewers in this JVM. */
final class LocalFleet implements FleetHandle {

    private final ViewerFleet fleet;

    LocalFleet(FleetOptions options, int first, int count, RoomLayout layout) {
        this.fleet = new ViewerFleet(options, first, count, layout);
    }

    @Override
    public CompletableFuture<Void> start() {
        return fleet.start();
    }

    @Override
    public FleetStats stats() {
        return fleet.stats();
    }

    @Override
    public long started() {
        return fleet.started();
    }

    @Override
    public void close() {
        fleet.close();
    }
}
