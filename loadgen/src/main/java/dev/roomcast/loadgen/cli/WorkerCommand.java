package dev.roomcast.loadgen.cli;

import dev.roomcast.loadgen.fleet.FleetOptions;
import dev.roomcast.loadgen.fleet.RoomLayout;
import dev.roomcast.loadgen.fleet.ViewerFleet;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * A child process holding a share of the viewers. Prints {@code STATS <json>} every second on
 * stdout for the parent; stops when stdin closes (the parent ended or asked it to).
 */
@Command(name = "worker", hidden = true, description = "internal: viewers in a child process")
public final class WorkerCommand implements Callable<Integer> {

    @Mixin
    FleetOptions fleet;

    @Option(names = "--first", required = true)
    int first;

    @Option(names = "--count", required = true)
    int count;

    @Option(names = "--room-prefix", required = true)
    String prefix;

    @Option(names = "--rooms", defaultValue = "1")
    int rooms;

    @Option(names = "--viewers-per-room", defaultValue = "2147483647")
    int viewersPerRoom;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        try (ViewerFleet viewers = new ViewerFleet(fleet, first, count, new RoomLayout(prefix, rooms, viewersPerRoom))) {
            var ramped = viewers.start();
            Thread reporter = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    report(out, viewers, ramped.isDone());
                    try {
                        Thread.sleep(1000);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "worker-report");
            reporter.setDaemon(true);
            reporter.start();
            waitForStdinToClose();
            reporter.interrupt();
            report(out, viewers, ramped.isDone());
        }
        return 0;
    }

    private static synchronized void report(PrintStream out, ViewerFleet viewers, boolean ramped) {
        out.println("STATS " + new JsonObject().put("started", viewers.started()).put("ramped", ramped)
                .put("stats", viewers.stats().toJson()).encode());
        out.flush();
    }

    private static void waitForStdinToClose() {
        try {
            while (System.in.read() >= 0) {
                // Nothing is sent on stdin; EOF is the stop signal.
            }
        } catch (IOException e) {
            // The parent is gone: stop as well.
        }
    }
}
