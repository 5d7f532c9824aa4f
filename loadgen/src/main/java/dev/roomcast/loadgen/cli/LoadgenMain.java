package dev.roomcast.loadgen.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code loadgen room|rooms|worker}: see the module README. */
@Command(name = "loadgen", mixinStandardHelpOptions = true, version = "roomcast-loadgen 0.1",
        description = "Plays live rooms against a running Roomcast and reports delivery, drops, latency, bytes and CPU.",
        subcommands = {RoomCommand.class, RoomsCommand.class, WorkerCommand.class})
public final class LoadgenMain implements Runnable {

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new LoadgenMain()).execute(args));
    }
}
