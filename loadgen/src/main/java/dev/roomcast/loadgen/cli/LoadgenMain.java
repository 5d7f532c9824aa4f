package dev.roomcast.loadgen.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code loadgen room|rooms|worker}: see the module README. */
@Command(name = "loadgen", mixinStandardHelpOptions = true, version = "roomcast-loadgen 0.1",
        description = "Plays live rooms against a running Roomcast and reports delivery, drops, latency, bytes and CPU.",
        subcommands = {RoomCommand.class, RoomsCommand.class, WireSizeCommand.class, WorkerCommand.class})
public final class LoadgenMain implements Runnable {

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    /** Held so the level sticks: request timeouts are counted in the report, not logged one by one. */
    private static final java.util.logging.Logger REQUEST_LOG =
            java.util.logging.Logger.getLogger("io.vertx.core.http.impl.HttpClientRequestImpl");

    public static void main(String[] args) {
        REQUEST_LOG.setLevel(java.util.logging.Level.OFF);
        System.exit(new CommandLine(new LoadgenMain()).execute(args));
    }
}
