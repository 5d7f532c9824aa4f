package dev.roomcast.room.scheduler;

import java.util.LinkedHashMap;
import java.util.Optional;
import dev.roomcast.proto.v1.MessageType;
import dev.roomcast.room.config.SchedulerConfig;
import dev.roomcast.scheduler.PriorityPolicy;
import dev.roomcast.scheduler.SchedulerSettings;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Maps {@code roomcast.scheduler.*} onto the engine's SchedulerSettings and PriorityPolicy; bad values fail at startup. */
public final class SchedulerSettingsMapper {

    private SchedulerSettingsMapper() {
    }

    public static SchedulerSettings settings(SchedulerConfig c) {
        return new SchedulerSettings(c.tickMillis(), c.maxPerBlock(), c.immediatePriority(), c.microBatchMillis(),
                c.roomQueueCapacity(), c.idleRoomMillis(), c.onlineCountIntervalMillis(), c.compressThresholdBytes(),
                c.zstdLevel(), maxAges(c.maxAgeMillis()), tiers(c.sizeTiers()), c.dictionaryEnabled(),
                c.dictionaryCompressThresholdBytes(), c.compactPayloadEnabled());
    }

    public static PriorityPolicy policy(SchedulerConfig c) {
        PriorityPolicy policy = PriorityPolicy.defaults().withMaxAgeMillis(maxAges(c.maxAgeMillis()));
        for (Map.Entry<String, Long> e : pairs(c.priority().orElse(List.of()), "priority").entrySet()) {
            policy = policy.withBasePriority(type(e.getKey()), e.getValue().intValue());
        }
        List<Long> mins = c.giftTierMinValues();
        List<Integer> prios = c.giftTierPriorities();
        long[] minValues = new long[mins.size()];
        int[] priorities = new int[prios.size()];
        for (int i = 0; i < minValues.length; i++) {
            minValues[i] = mins.get(i);
        }
        for (int i = 0; i < priorities.length; i++) {
            priorities[i] = prios.get(i);
        }
        return policy.withGiftTiers(minValues, priorities);
    }

    static List<SchedulerSettings.SizeTier> tiers(List<String> specs) {
        List<SchedulerSettings.SizeTier> tiers = new ArrayList<>();
        for (String spec : specs) {
            String[] parts = spec.trim().split(":");
            if (parts.length != 2) {
                throw new IllegalArgumentException("roomcast.scheduler.size-tiers: expected minOnline:tickMillis, got " + spec);
            }
            tiers.add(new SchedulerSettings.SizeTier(Long.parseLong(parts[0].trim()), Long.parseLong(parts[1].trim())));
        }
        return tiers;
    }

    static Map<MessageType, Long> maxAges(Optional<List<String>> specs) {
        Map<MessageType, Long> ages = new EnumMap<>(MessageType.class);
        pairs(specs.orElse(List.of()), "max-age-millis").forEach((name, ms) -> ages.put(type(name), ms));
        return ages;
    }

    /** {@code NAME:number} pairs. */
    static Map<String, Long> pairs(List<String> specs, String property) {
        Map<String, Long> pairs = new LinkedHashMap<>();
        for (String spec : specs) {
            String[] parts = spec.trim().split(":");
            if (parts.length != 2) {
                throw new IllegalArgumentException("roomcast.scheduler." + property + ": expected TYPE:number, got " + spec);
            }
            pairs.put(parts[0].trim(), Long.parseLong(parts[1].trim()));
        }
        return pairs;
    }

    static MessageType type(String name) {
        try {
            return MessageType.valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("roomcast.scheduler: unknown message type " + name);
        }
    }
}
