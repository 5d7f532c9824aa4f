package dev.roomcast.room.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

/** The block scheduler's settings (prefix {@code roomcast.scheduler}); mapped onto SchedulerSettings and PriorityPolicy. */
@ConfigMapping(prefix = "roomcast.scheduler")
public interface SchedulerConfig {

    /** Tick length of rooms below the first size tier. */
    @WithDefault("1000")
    long tickMillis();

    /** Messages per block at most. */
    @WithDefault("20")
    int maxPerBlock();

    /** At or above this priority a message skips the tick (256 = never). */
    @WithDefault("200")
    int immediatePriority();

    /** How long an immediate message waits to gather simultaneous ones. */
    @WithDefault("5")
    long microBatchMillis();

    /** Queued messages per room at most; on overflow the lowest-priority oldest one is dropped. */
    @WithDefault("1000")
    int roomQueueCapacity();

    /** A room with nothing queued and no publish for this long loses its scheduler state. */
    @WithDefault("30000")
    long idleRoomMillis();

    /** How often each active room gets a conflated ONLINE_COUNT message. */
    @WithDefault("5000")
    long onlineCountIntervalMillis();

    /** Encoded payloads of at least this many bytes are zstd-compressed. */
    @WithDefault("512")
    int compressThresholdBytes();

    @WithDefault("3")
    int zstdLevel();

    /**
     * Compress with the bundled trained zstd dictionary (clients fetch it from {@code GET /v1/dictionaries}):
     * full blocks go from ~4.3:1 to ~8:1 against JSON.
     */
    @WithDefault("true")
    boolean dictionaryEnabled();

    /** With the dictionary, payloads of at least this many bytes are compressed (small blocks gain too). */
    @WithDefault("64")
    int dictionaryCompressThresholdBytes();

    /**
     * Also build each block in the compact form (sender table, msgId/time deltas; see message.proto), once per
     * block beside the plain form, whenever it is smaller: connectors send it to connections that negotiated it
     * at Auth and the plain form to the rest. Costs one more encoding per block and the compact frame on the
     * push to connectors; off: every connection gets the plain form.
     */
    @WithDefault("true")
    boolean compactPayloadEnabled();

    /** Tick by room size: {@code minOnline:tickMillis} pairs, e.g. {@code 0:1000,100000:2000}. */
    @WithDefault("0:1000,100000:2000")
    List<String> sizeTiers();

    /** Per-type max age overrides as {@code TYPE:millis} pairs, e.g. {@code CHAT:3000,ENTER:1500}. */
    Optional<List<String>> maxAgeMillis();

    /** Per-type base priority overrides as {@code TYPE:priority} pairs, e.g. {@code NOTIFY:155}. */
    Optional<List<String>> priority();

    /** Gift value tiers: minimum total values (ascending), paired with {@link #giftTierPriorities()}. */
    @WithDefault("0,1000,10000,50000")
    List<Long> giftTierMinValues();

    @WithDefault("180,190,200,220")
    List<Integer> giftTierPriorities();
}
