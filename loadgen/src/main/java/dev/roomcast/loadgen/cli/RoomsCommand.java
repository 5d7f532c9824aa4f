package dev.roomcast.loadgen.cli;

import dev.roomcast.loadgen.fleet.FleetOptions;
import dev.roomcast.loadgen.fleet.RoomLayout;
import dev.roomcast.loadgen.run.Scenarios;
import dev.roomcast.loadgen.traffic.PublishRates;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Many small rooms at once (e.g. 1,000 rooms of 20 viewers): CPU and memory per room. */
@Command(name = "rooms", mixinStandardHelpOptions = true, description = "many small rooms at once")
public final class RoomsCommand implements Callable<Integer> {

    @Mixin
    FleetOptions fleet;

    @Mixin
    RunOptions run;

    @Option(names = "--rooms", defaultValue = "1000")
    int rooms;

    @Option(names = "--viewers-per-room", defaultValue = "20")
    int viewersPerRoom;

    @Option(names = "--room-prefix", defaultValue = "loadgen-small")
    String prefix;

    @Option(names = "--chat-rate", defaultValue = "200", description = "chat messages per second over all rooms")
    double chatRate;

    @Option(names = "--gift-rate", defaultValue = "5", description = "gifts per second over all rooms")
    double giftRate;

    @Option(names = "--like-rate", defaultValue = "50")
    double likeRate;

    @Override
    public Integer call() throws Exception {
        return Scenarios.run("rooms", fleet, run.seconds, run.warmup, run.json, run.perProcess, run.workerHeap,
                run.metrics, run.processPatterns(), run.pidDir(), new RoomLayout(prefix, rooms, viewersPerRoom), rooms * viewersPerRoom,
                new PublishRates(chatRate, giftRate, 0, likeRate, run.chatMix()), false);
    }
}
