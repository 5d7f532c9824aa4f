package dev.roomcast.room.dictionary;

import dev.roomcast.scheduler.BlockCodec;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The dictionary's meters: trainings by outcome, rollouts, activations, the live compression ratio per
 * dictionary id (id 0: blocks sent without one) and the held-out scores of the last training.
 */
@ApplicationScoped
public class DictionaryMetrics {

    private final MeterRegistry registry;
    private final Map<String, Counter> trainings = new ConcurrentHashMap<>();
    private final Set<Integer> ratioGauges = ConcurrentHashMap.newKeySet();
    private final AtomicLong inUse = new AtomicLong();
    private final AtomicLong candidateRatioMilli = new AtomicLong();
    private final AtomicLong currentRatioMilli = new AtomicLong();
    private final Counter rollouts;
    private final Counter activations;
    private final Counter invalid;
    private final Counter trainingCpu;

    public DictionaryMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.rollouts = Counter.builder("roomcast_dictionary_rollouts_total")
                .description("Learned dictionaries this instance published (each beat the one in use by the margin)")
                .register(registry);
        this.activations = Counter.builder("roomcast_dictionary_activations_total")
                .description("Times this instance switched block compression to another dictionary").register(registry);
        this.invalid = Counter.builder("roomcast_dictionary_invalid_total")
                .description("Stored dictionaries ignored because their header id did not match their id").register(registry);
        this.trainingCpu = Counter.builder("roomcast_dictionary_training_cpu_seconds_total")
                .description("Thread CPU time spent training and scoring dictionaries").register(registry);
        Gauge.builder("roomcast_dictionary_in_use", inUse, AtomicLong::get)
                .description("Id of the dictionary blocks are compressed with now (0: none)").register(registry);
        Gauge.builder("roomcast_dictionary_heldout_ratio", candidateRatioMilli, v -> v.get() / 1000.0).tag("dictionary", "candidate")
                .description("Uncompressed : sent bytes on the held-out sample of the last training").register(registry);
        Gauge.builder("roomcast_dictionary_heldout_ratio", currentRatioMilli, v -> v.get() / 1000.0).tag("dictionary", "current")
                .description("Uncompressed : sent bytes on the held-out sample of the last training").register(registry);
    }

    /** One training attempt's outcome (adopted, rejected, too_few_samples, other_instance, failed). */
    public void training(DictionaryLearner.Outcome outcome) {
        String tag = outcome.name().toLowerCase(Locale.ROOT);
        trainings.computeIfAbsent(tag, t -> Counter.builder("roomcast_dictionary_trainings_total")
                .description("Dictionary training attempts by outcome (rejected: the candidate did not beat the one in use)")
                .tag("outcome", t).register(registry)).increment();
    }

    public void scored(double candidateRatio, double currentRatio, long cpuNanos) {
        candidateRatioMilli.set(Math.round(candidateRatio * 1000));
        currentRatioMilli.set(Math.round(currentRatio * 1000));
        trainingCpu.increment(cpuNanos / 1e9);
    }

    public void rolledOut() {
        rollouts.increment();
    }

    public void activated(int id) {
        activations.increment();
        inUse.set(id);
    }

    public void invalid() {
        invalid.increment();
    }

    /** Registers a ratio gauge for every dictionary id the codec has sent blocks with (one new id per rollout at most). */
    public void observe(BlockCodec codec) {
        inUse.set(codec.dictionaryId());
        for (Integer id : codec.ratioByDictionary().keySet()) {
            if (ratioGauges.add(id)) {
                Gauge.builder("roomcast_dictionary_ratio", codec, c -> ratio(c, id)).tag("dictionary", Integer.toString(id))
                        .description("Block payload bytes before compression : bytes sent, by the dictionary the blocks named "
                                + "(0: none), since start").register(registry);
            }
        }
    }

    private static double ratio(BlockCodec codec, int id) {
        long[] v = codec.ratioByDictionary().get(id);
        return v == null || v[1] == 0 ? 0 : (double) v[0] / v[1];
    }
}
