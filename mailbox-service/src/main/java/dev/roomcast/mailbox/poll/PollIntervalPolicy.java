package dev.roomcast.mailbox.poll;

import dev.roomcast.mailbox.config.MailboxConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.TreeMap;

/**
 * Poll interval by room size tier (vivo): bigger rooms poll less often, so the cache serves more per
 * poll. The interval also rises with this instance's poll load: above {@code load-requests-per-second}
 * the tier is multiplied by (rate / that), and when polls take longer than {@code load-target-poll-millis}
 * on average (they queue: the machine is slower than the rate assumes) by (mean / target), whichever is
 * larger, at most by {@code load-max-factor}, so that a mass switch to polling slows its own pollers instead
 * of overloading the mailbox.
 */
@ApplicationScoped
public class PollIntervalPolicy {

    private final TreeMap<Long, Integer> tiers;
    private final int unknownInterval;
    private final int loadPerSecond;
    private final double maxFactor;
    private final PollLoad load;
    private final int targetPollMillis;
    private final PollLatency latency;

    @jakarta.inject.Inject
    public PollIntervalPolicy(MailboxConfig config) {
        this(parse(config.poll().tiers()), config.poll().unknownOnlineIntervalMillis(),
                config.poll().loadRequestsPerSecond(), config.poll().loadMaxFactor(),
                new PollLoad(System::currentTimeMillis), config.poll().loadTargetPollMillis(),
                new PollLatency(System::currentTimeMillis));
    }

    PollIntervalPolicy(TreeMap<Long, Integer> tiers, int unknownInterval, int loadPerSecond, double maxFactor, PollLoad load) {
        this(tiers, unknownInterval, loadPerSecond, maxFactor, load, 0, new PollLatency(() -> 0L));
    }

    PollIntervalPolicy(TreeMap<Long, Integer> tiers, int unknownInterval, int loadPerSecond, double maxFactor, PollLoad load,
                       int targetPollMillis, PollLatency latency) {
        this.tiers = tiers;
        this.unknownInterval = unknownInterval;
        this.loadPerSecond = loadPerSecond;
        this.maxFactor = Math.max(1.0, maxFactor);
        this.load = load;
        this.targetPollMillis = targetPollMillis;
        this.latency = latency;
    }

    /** Records the time one poll took to answer (the other load signal). */
    public void answered(long nanos) {
        latency.record(nanos);
    }

    /** Counts one poll request (the load the interval follows). */
    public void polled() {
        load.record();
    }

    public PollLoad load() {
        return load;
    }

    /** The tier interval times the load factor. */
    public int intervalMillis(long online) {
        return (int) Math.round(tierMillis(online) * loadFactor());
    }

    /** 1.0 while comfortable, else the larger of rate / comfortable rate and mean poll time / target, at most {@code maxFactor}. */
    public double loadFactor() {
        double byRate = loadPerSecond <= 0 ? 1.0 : (double) load.perSecond() / loadPerSecond;
        double byLatency = targetPollMillis <= 0 ? 1.0 : latency.meanMillis() / targetPollMillis;
        return Math.min(maxFactor, Math.max(1.0, Math.max(byRate, byLatency)));
    }

    int tierMillis(long online) {
        if (online < 0) {
            return unknownInterval;
        }
        Map.Entry<Long, Integer> tier = tiers.floorEntry(online);
        return tier == null ? unknownInterval : tier.getValue();
    }

    static TreeMap<Long, Integer> parse(String spec) {
        TreeMap<Long, Integer> map = new TreeMap<>();
        for (String pair : spec.split(",")) {
            String[] kv = pair.trim().split("=");
            if (kv.length != 2) {
                throw new IllegalArgumentException("roomcast.mailbox.poll.tiers: expected minOnline=millis, got " + pair);
            }
            map.put(Long.parseLong(kv[0].trim()), Integer.parseInt(kv[1].trim()));
        }
        return map;
    }
}
