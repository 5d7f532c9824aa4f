package dev.roomcast.mailbox.poll;

import dev.roomcast.mailbox.config.MailboxConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.TreeMap;

/** Poll interval by room size tier (vivo): bigger rooms poll less often, so the cache serves more per poll. */
@ApplicationScoped
public class PollIntervalPolicy {

    private final TreeMap<Long, Integer> tiers;
    private final int unknownInterval;

    public PollIntervalPolicy(MailboxConfig config) {
        this.tiers = parse(config.poll().tiers());
        this.unknownInterval = config.poll().unknownOnlineIntervalMillis();
    }

    public int intervalMillis(long online) {
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
