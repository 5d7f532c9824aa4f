package dev.roomcast.scheduler;

import dev.roomcast.proto.v1.MessageType;

import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Settings of the block scheduler (room-service maps its {@code @ConfigMapping} onto this record).
 *
 * @param tickMillis                tick length when no size tier applies
 * @param maxPerBlock               messages per block at most
 * @param immediatePriority         at or above this priority a message skips the tick
 * @param microBatchMillis          how long an immediate message waits for simultaneous ones
 * @param roomQueueCapacity         queued messages per room at most (immediate ones have their own bound of the same size)
 * @param idleRoomMillis            a room with nothing queued and no submit for this long is removed
 * @param onlineCountIntervalMillis how often each active room gets an ONLINE_COUNT message
 * @param compressThresholdBytes    encoded payloads of at least this size are zstd-compressed
 * @param zstdLevel                 zstd compression level
 * @param maxAgeMillis              per-type max age overrides; types not listed use the {@link PriorityPolicy}
 * @param sizeTiers                 tick length by online count: the tier with the highest {@code minOnline <= online}
 * @param dictionaryEnabled         compress with the bundled trained zstd dictionary (clients fetch it by id)
 * @param dictionaryCompressThresholdBytes with the dictionary, payloads of at least this size are compressed:
 *                                  the dictionary already holds the field names and common phrases, so even a
 *                                  one- or two-message block shrinks (without one, zstd gains nothing below ~512 B)
 * @param compactPayloadEnabled     also encode each block in the compact form (CompactBlockPayload), once, for
 *                                  clients that negotiated it at Auth; the plain form is always built (old clients)
 */
public record SchedulerSettings(long tickMillis, int maxPerBlock, int immediatePriority, long microBatchMillis,
                                int roomQueueCapacity, long idleRoomMillis, long onlineCountIntervalMillis,
                                int compressThresholdBytes, int zstdLevel, Map<MessageType, Long> maxAgeMillis,
                                List<SizeTier> sizeTiers, boolean dictionaryEnabled,
                                int dictionaryCompressThresholdBytes, boolean compactPayloadEnabled) {

    /** Default {@link #dictionaryCompressThresholdBytes}: a two-message block is ~150 B of protobuf. */
    public static final int DEFAULT_DICTIONARY_COMPRESS_THRESHOLD_BYTES = 64;

    /** Rooms with at least {@code minOnline} viewers tick every {@code tickMillis}. */
    public record SizeTier(long minOnline, long tickMillis) {
        public SizeTier {
            if (minOnline < 0 || tickMillis <= 0) {
                throw new IllegalArgumentException("size tier needs minOnline >= 0 and tickMillis > 0");
            }
        }
    }

    public SchedulerSettings {
        require(tickMillis > 0, "tickMillis > 0");
        require(maxPerBlock > 0, "maxPerBlock > 0");
        require(immediatePriority >= 1 && immediatePriority <= 256, "immediatePriority in 1..256 (256 = never)");
        require(microBatchMillis >= 0, "microBatchMillis >= 0");
        require(roomQueueCapacity > 0, "roomQueueCapacity > 0");
        require(idleRoomMillis > 0, "idleRoomMillis > 0");
        require(onlineCountIntervalMillis > 0, "onlineCountIntervalMillis > 0");
        require(compressThresholdBytes >= 0, "compressThresholdBytes >= 0");
        require(dictionaryCompressThresholdBytes >= 0, "dictionaryCompressThresholdBytes >= 0");
        maxAgeMillis = maxAgeMillis == null || maxAgeMillis.isEmpty()
                ? Map.of() : Map.copyOf(new EnumMap<>(maxAgeMillis));
        sizeTiers = sizeTiers == null ? List.of()
                : sizeTiers.stream().sorted(Comparator.comparingLong(SizeTier::minOnline)).toList();
    }

    /** The settings before the compact payload form existed: plain blocks only. */
    public SchedulerSettings(long tickMillis, int maxPerBlock, int immediatePriority, long microBatchMillis,
                             int roomQueueCapacity, long idleRoomMillis, long onlineCountIntervalMillis,
                             int compressThresholdBytes, int zstdLevel, Map<MessageType, Long> maxAgeMillis,
                             List<SizeTier> sizeTiers, boolean dictionaryEnabled, int dictionaryCompressThresholdBytes) {
        this(tickMillis, maxPerBlock, immediatePriority, microBatchMillis, roomQueueCapacity, idleRoomMillis,
                onlineCountIntervalMillis, compressThresholdBytes, zstdLevel, maxAgeMillis, sizeTiers,
                dictionaryEnabled, dictionaryCompressThresholdBytes, false);
    }

    /** The settings before {@code dictionaryCompressThresholdBytes} existed: it takes its default. */
    public SchedulerSettings(long tickMillis, int maxPerBlock, int immediatePriority, long microBatchMillis,
                             int roomQueueCapacity, long idleRoomMillis, long onlineCountIntervalMillis,
                             int compressThresholdBytes, int zstdLevel, Map<MessageType, Long> maxAgeMillis,
                             List<SizeTier> sizeTiers, boolean dictionaryEnabled) {
        this(tickMillis, maxPerBlock, immediatePriority, microBatchMillis, roomQueueCapacity, idleRoomMillis,
                onlineCountIntervalMillis, compressThresholdBytes, zstdLevel, maxAgeMillis, sizeTiers,
                dictionaryEnabled, DEFAULT_DICTIONARY_COMPRESS_THRESHOLD_BYTES);
    }

    /** The defaults of DESIGN.md: 1 s ticks (2 s from 100,000 online), 20 per block, immediate at 200. */
    public static SchedulerSettings defaults() {
        return new SchedulerSettings(1000, 20, 200, 5, 1000, 30_000, 5000, 512, 3, Map.of(),
                List.of(new SizeTier(0, 1000), new SizeTier(100_000, 2000)), false);
    }

    /** Tick length for a room of this size. */
    public long tickMillisFor(long onlineCount) {
        long tick = tickMillis;
        for (SizeTier tier : sizeTiers) {
            if (onlineCount >= tier.minOnline()) {
                tick = tier.tickMillis();
            }
        }
        return tick;
    }

    /** One tick length for every room: clears the size tiers. */
    public SchedulerSettings withTickMillis(long value) {
        return new SchedulerSettings(value, maxPerBlock, immediatePriority, microBatchMillis, roomQueueCapacity,
                idleRoomMillis, onlineCountIntervalMillis, compressThresholdBytes, zstdLevel, maxAgeMillis,
                List.of(), dictionaryEnabled, dictionaryCompressThresholdBytes, compactPayloadEnabled);
    }

    public SchedulerSettings withMaxPerBlock(int value) {
        return new SchedulerSettings(tickMillis, value, immediatePriority, microBatchMillis, roomQueueCapacity,
                idleRoomMillis, onlineCountIntervalMillis, compressThresholdBytes, zstdLevel, maxAgeMillis,
                sizeTiers, dictionaryEnabled, dictionaryCompressThresholdBytes, compactPayloadEnabled);
    }

    public SchedulerSettings withRoomQueueCapacity(int value) {
        return new SchedulerSettings(tickMillis, maxPerBlock, immediatePriority, microBatchMillis, value,
                idleRoomMillis, onlineCountIntervalMillis, compressThresholdBytes, zstdLevel, maxAgeMillis,
                sizeTiers, dictionaryEnabled, dictionaryCompressThresholdBytes, compactPayloadEnabled);
    }

    public SchedulerSettings withSizeTiers(List<SizeTier> value) {
        return new SchedulerSettings(tickMillis, maxPerBlock, immediatePriority, microBatchMillis, roomQueueCapacity,
                idleRoomMillis, onlineCountIntervalMillis, compressThresholdBytes, zstdLevel, maxAgeMillis,
                value, dictionaryEnabled, dictionaryCompressThresholdBytes, compactPayloadEnabled);
    }

    public SchedulerSettings withDictionaryEnabled(boolean value) {
        return new SchedulerSettings(tickMillis, maxPerBlock, immediatePriority, microBatchMillis, roomQueueCapacity,
                idleRoomMillis, onlineCountIntervalMillis, compressThresholdBytes, zstdLevel, maxAgeMillis,
                sizeTiers, value, dictionaryCompressThresholdBytes, compactPayloadEnabled);
    }

    public SchedulerSettings withDictionaryCompressThresholdBytes(int value) {
        return new SchedulerSettings(tickMillis, maxPerBlock, immediatePriority, microBatchMillis, roomQueueCapacity,
                idleRoomMillis, onlineCountIntervalMillis, compressThresholdBytes, zstdLevel, maxAgeMillis,
                sizeTiers, dictionaryEnabled, value, compactPayloadEnabled);
    }

    public SchedulerSettings withCompactPayloadEnabled(boolean value) {
        return new SchedulerSettings(tickMillis, maxPerBlock, immediatePriority, microBatchMillis, roomQueueCapacity,
                idleRoomMillis, onlineCountIntervalMillis, compressThresholdBytes, zstdLevel, maxAgeMillis,
                sizeTiers, dictionaryEnabled, dictionaryCompressThresholdBytes, value);
    }

    private static void require(boolean ok, String what) {
        if (!ok) {
            throw new IllegalArgumentException("scheduler settings: " + what);
        }
    }
}
