package dev.roomcast.room.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Learning the zstd dictionary from the blocks this deployment carries (prefix {@code roomcast.dictionary}).
 * Applies only while {@code roomcast.scheduler.dictionary-enabled} is true.
 */
@ConfigMapping(prefix = "roomcast.dictionary")
public interface DictionaryConfig {

    /** Sample block payloads and train dictionaries; off: the bundled (or last learned) dictionary stays. */
    @WithDefault("true")
    boolean learningEnabled();

    /** Block payloads kept in the sample between trainings at most (reservoir: uniform over the interval). */
    @WithDefault("2000")
    int samplePayloads();

    /** ... and their bytes at most. */
    @WithDefault("4194304")
    long sampleMaxBytes();

    /** A training needs at least this many sampled payloads (fewer: skipped, counted as too_few_samples). */
    @WithDefault("500")
    int minSamplePayloads();

    /**
     * How often one instance of the fleet trains (the others skip that interval). CPU: interval × one
     * training's CPU (~0.1–0.2 s at the default sample) is far below 2 % of a core.
     */
    @WithDefault("600")
    long trainingIntervalSeconds();

    /** Size of a learned dictionary; clients download it once per id. */
    @WithDefault("32768")
    int dictionarySizeBytes();

    /** Every n-th sampled payload is held out of training and scores candidate and current dictionary. */
    @WithDefault("10")
    int heldOutEvery();

    /** A candidate is rolled out only if it sends at least this many percent fewer bytes on the held-out payloads. */
    @WithDefault("5")
    double minGainPercent();

    /**
     * A published dictionary is used for blocks only this long after publication: every instance loads and
     * serves new ids within one {@link #pollIntervalMillis()}, so clients can fetch an id before any block names it.
     * Must exceed 2 × the poll interval plus the clock skew between instances.
     */
    @WithDefault("30000")
    long activationDelayMillis();

    /** How often each instance reads the published dictionaries from Redis. */
    @WithDefault("5000")
    long pollIntervalMillis();

    /** A dictionary replaced by a newer one is still served this long (blocks in flight, mailbox replays, slow clients). */
    @WithDefault("24")
    long retentionHours();
}
