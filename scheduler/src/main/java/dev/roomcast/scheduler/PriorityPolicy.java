package dev.roomcast.scheduler;

import dev.roomcast.proto.v1.MessageType;
import dev.roomcast.proto.v1.Sender;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Priority, max age and persistence by message type (the table in DESIGN.md). Immutable; the
 * {@code with*} methods return adjusted copies, so room-service can map its configuration onto it.
 */
public final class PriorityPolicy {
    public static final int MIN_PRIORITY = 1;
    public static final int MAX_PRIORITY = 255;

    private final Map<MessageType, Integer> basePriority;
    private final Map<MessageType, Long> maxAgeMillis;
    private final Set<MessageType> persisted;
    private final long[] giftTierMinValue;   // ascending
    private final int[] giftTierPriority;
    private final int maxUserLevel;
    private final int anonymousChatPriority;
    private final long anonymousChatMaxAgeMillis;

    private PriorityPolicy(Map<MessageType, Integer> basePriority, Map<MessageType, Long> maxAgeMillis,
                           Set<MessageType> persisted, long[] giftTierMinValue, int[] giftTierPriority,
                           int maxUserLevel, int anonymousChatPriority, long anonymousChatMaxAgeMillis) {
        this.basePriority = basePriority;
        this.maxAgeMillis = maxAgeMillis;
        this.persisted = persisted;
        this.giftTierMinValue = giftTierMinValue;
        this.giftTierPriority = giftTierPriority;
        this.maxUserLevel = maxUserLevel;
        this.anonymousChatPriority = anonymousChatPriority;
        this.anonymousChatMaxAgeMillis = anonymousChatMaxAgeMillis;
    }

    /** DESIGN.md: SYSTEM 250 > big GIFT 220 > PRIVATE/BROADCAST 200 > GIFT 180..200 > PK 170 > ONLINE 160 > NOTIFY 150 > CHAT 100+level > anonymous CHAT 60 > ENTER/LIKE 40. */
    public static PriorityPolicy defaults() {
        Map<MessageType, Integer> p = new EnumMap<>(MessageType.class);
        Map<MessageType, Long> age = new EnumMap<>(MessageType.class);
        put(p, age, MessageType.SYSTEM, 250, 60_000);
        put(p, age, MessageType.GIFT, 180, 5_000);
        put(p, age, MessageType.PRIVATE, 200, 30_000);
        put(p, age, MessageType.BROADCAST, 200, 30_000);
        put(p, age, MessageType.PK, 170, 3_000);
        put(p, age, MessageType.ONLINE_COUNT, 160, 5_000);
        put(p, age, MessageType.NOTIFY, 150, 5_000);
        put(p, age, MessageType.CHAT, 100, 3_000);
        put(p, age, MessageType.ENTER, 40, 2_000);
        put(p, age, MessageType.LIKE, 40, 2_000);
        put(p, age, MessageType.LEAVE, 30, 2_000);
        put(p, age, MessageType.MESSAGE_TYPE_UNSPECIFIED, 50, 3_000);
        Set<MessageType> persisted = EnumSet.of(MessageType.SYSTEM, MessageType.GIFT, MessageType.NOTIFY,
                MessageType.CHAT, MessageType.PRIVATE, MessageType.BROADCAST);
        // Gift value in the platform's smallest currency unit (e.g. fen): <10 yuan 180, 10+ 190, 100+ 200, 500+ 220 (immediate).
        return new PriorityPolicy(p, age, persisted, new long[] {0, 1_000, 10_000, 50_000},
                new int[] {180, 190, 200, 220}, 60, 60, 2_000);
    }

    private static void put(Map<MessageType, Integer> p, Map<MessageType, Long> age, MessageType t, int prio, long maxAge) {
        p.put(t, prio);
        age.put(t, maxAge);
    }

    /**
     * The priority of a message. {@code overridePriority > 0} (the publisher's choice) wins, clamped to 1..255;
     * GIFT by value tier, CHAT by sender level (anonymous lowest), other types by their base.
     */
    public int priorityOf(MessageType type, Sender sender, long giftValue, int overridePriority) {
        if (overridePriority > 0) {
            return clamp(overridePriority);
        }
        if (type == MessageType.GIFT) {
            int prio = giftTierPriority[0];
            for (int i = 0; i < giftTierMinValue.length; i++) {
                if (giftValue >= giftTierMinValue[i]) {
                    prio = giftTierPriority[i];
                }
            }
            return clamp(prio);
        }
        if (type == MessageType.CHAT) {
            if (sender == null || sender.getAnonymous()) {
                return clamp(anonymousChatPriority);
            }
            return clamp(base(type) + Math.max(0, Math.min(maxUserLevel, sender.getLevel())));
        }
        return clamp(base(type));
    }

    public boolean isPersisted(MessageType type) {
        return persisted.contains(type);
    }

    public long maxAgeMillis(MessageType type) {
        Long age = maxAgeMillis.get(type);
        return age != null ? age : maxAgeMillis.get(MessageType.MESSAGE_TYPE_UNSPECIFIED);
    }

    /** Max age refined by sender: anonymous (or sender-less) CHAT lives shorter (DESIGN.md: 2 s). */
    public long maxAgeMillis(MessageType type, Sender sender) {
        if (type == MessageType.CHAT && (sender == null || sender.getAnonymous())) {
            return anonymousChatMaxAgeMillis;
        }
        return maxAgeMillis(type);
    }

    public int basePriority(MessageType type) {
        return base(type);
    }

    public PriorityPolicy withBasePriority(MessageType type, int priority) {
        Map<MessageType, Integer> p = new EnumMap<>(basePriority);
        p.put(type, clamp(priority));
        return new PriorityPolicy(p, maxAgeMillis, persisted, giftTierMinValue, giftTierPriority, maxUserLevel,
                anonymousChatPriority, anonymousChatMaxAgeMillis);
    }

    /** Overrides the max age of the listed types (the rest keep theirs). */
    public PriorityPolicy withMaxAgeMillis(Map<MessageType, Long> overrides) {
        if (overrides.isEmpty()) {
            return this;
        }
        Map<MessageType, Long> age = new EnumMap<>(maxAgeMillis);
        age.putAll(overrides);
        return new PriorityPolicy(basePriority, age, persisted, giftTierMinValue, giftTierPriority, maxUserLevel,
                anonymousChatPriority, anonymousChatMaxAgeMillis);
    }

    /** Gift tiers: {@code minValues} ascending, {@code priorities[i]} for value >= minValues[i]. */
    public PriorityPolicy withGiftTiers(long[] minValues, int[] priorities) {
        if (minValues.length == 0 || minValues.length != priorities.length) {
            throw new IllegalArgumentException("gift tiers: one priority per minimum value");
        }
        for (int i = 1; i < minValues.length; i++) {
            if (minValues[i] <= minValues[i - 1]) {
                throw new IllegalArgumentException("gift tiers: minimum values must ascend");
            }
        }
        return new PriorityPolicy(basePriority, maxAgeMillis, persisted, minValues.clone(), priorities.clone(),
                maxUserLevel, anonymousChatPriority, anonymousChatMaxAgeMillis);
    }

    public PriorityPolicy withPersisted(MessageType type, boolean value) {
        Set<MessageType> set = EnumSet.noneOf(MessageType.class);
        set.addAll(persisted);
        if (value) {
            set.add(type);
        } else {
            set.remove(type);
        }
        return new PriorityPolicy(basePriority, maxAgeMillis, set, giftTierMinValue, giftTierPriority, maxUserLevel,
                anonymousChatPriority, anonymousChatMaxAgeMillis);
    }

    private int base(MessageType type) {
        Integer prio = basePriority.get(type);
        return prio != null ? prio : basePriority.get(MessageType.MESSAGE_TYPE_UNSPECIFIED);
    }

    static int clamp(int priority) {
        return Math.max(MIN_PRIORITY, Math.min(MAX_PRIORITY, priority));
    }
}
