package dev.roomcast.loadgen.cli;

import dev.roomcast.loadgen.fleet.FleetOptions;
import dev.roomcast.loadgen.fleet.RoomLayout;
import dev.roomcast.loadgen.run.Scenarios;
import dev.roomcast.loadgen.traffic.PublishRates;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** One big live room. */
@Command(name = "room", mixinStandardHelpOptions = true, description = "one live room: N viewers, chat, gifts, PK, likes, churn")
public final class RoomCommand implements Callable<Integer> {

    @Mixin
    FleetOptions fleet;

    @Mixin
    RunOptions run;

    @Option(names = "--room", defaultValue = "loadgen-live", description = "room id")
    String room;

    @Option(names = "--viewers", defaultValue = "1000")
    int viewers;

    @Option(names = "--chat-rate", defaultValue = "200", description = "chat messages per second")
    double chatRate;

    @Option(names = "--gift-rate", defaultValue = "5", description = "paid gifts per second (gift-service REST)")
    double giftRate;

    @Option(names = "--pk-rate", defaultValue = "2", description = "PK score updates per second (conflated)")
    double pkRate;

    @Option(names = "--like-rate", defaultValue = "50", description = "likes per second (aggregated)")
    double likeRate;

    @Option(names = "--switch-poll-at", defaultValue = "-1",
            description = "push/poll benchmark: seconds into the window when the room is set to poll (operator API); -1 = off")
    int switchPollAt;

    @Option(names = "--switch-push-at", defaultValue = "-1",
            description = "seconds into the window when the room is set back to push (after --switch-poll-at)")
    int switchPushAt;

    @Override
    public Integer call() throws Exception {
        if (switchPollAt >= 0 && (switchPushAt <= switchPollAt || switchPushAt >= run.seconds)) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    "--switch-push-at must be after --switch-poll-at and within --seconds");
        }
        return Scenarios.run("room", fleet, run.seconds, run.warmup, run.json, run.perProcess, run.workerHeap,
                run.metrics, run.processPatterns(), run.pidDir(), RoomLayout.single(room), viewers,
                new PublishRates(chatRate, giftRate, pkRate, likeRate, run.chatMix()), true, switchPollAt, switchPushAt);
    }
}
