package dev.roomcast.room.dictionary;

import dev.roomcast.room.config.DictionaryConfig;
import dev.roomcast.room.config.InstanceIdentity;
import dev.roomcast.room.scheduler.SchedulerHost;
import dev.roomcast.scheduler.BlockCodec;
import dev.roomcast.scheduler.DictionaryTrainer;
import dev.roomcast.scheduler.PayloadReservoir;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;

/**
 * Learns the dictionary from the blocks this deployment sends. Every block payload is offered to a bounded
 * reservoir; once per training interval one instance of the fleet (the one that claims the interval in
 * Redis) trains a candidate on its sample, scores it against the dictionary in use on held-out payloads,
 * and publishes it under a new id with an activation time {@code activation-delay} later only if it wins by
 * the configured margin and round-trips. Runs on its own low-priority thread: never an event loop, never
 * the tick thread.
 */
@ApplicationScoped
public class DictionaryLearner {

    private static final Logger LOG = Logger.getLogger(DictionaryLearner.class);
    private static final Duration STORE_TIMEOUT = Duration.ofSeconds(10);

    /** What one training attempt did. */
    public enum Outcome { ADOPTED, REJECTED, TOO_FEW_SAMPLES, OTHER_INSTANCE, FAILED }

    /** The settings a learner runs with (DictionaryConfig's, in milliseconds). */
    public record Settings(int samplePayloads, long sampleMaxBytes, int minSamplePayloads, long trainingIntervalMillis,
                           int dictionarySizeBytes, int heldOutEvery, double minGainPercent, long activationDelayMillis,
                           long retentionMillis, int zstdLevel) {

        static Settings of(DictionaryConfig c, int zstdLevel) {
            return new Settings(c.samplePayloads(), c.sampleMaxBytes(), c.minSamplePayloads(),
                    TimeUnit.SECONDS.toMillis(c.trainingIntervalSeconds()), c.dictionarySizeBytes(), c.heldOutEvery(),
                    c.minGainPercent(), c.activationDelayMillis(), TimeUnit.HOURS.toMillis(c.retentionHours()), zstdLevel);
        }
    }

    private final BlockCodec codec;
    private final DictionaryStore store;
    private final DictionaryCatalog catalog;
    private final DictionaryMetrics metrics;
    private final Settings settings;
    private final String owner;
    private final LongSupplier clock;
    private final boolean enabled;
    private final PayloadReservoir reservoir;
    private ScheduledExecutorService executor;

    @Inject
    public DictionaryLearner(SchedulerHost scheduler, DictionaryStore store, DictionaryCatalog catalog,
                             DictionaryMetrics metrics, DictionaryConfig config, InstanceIdentity self) {
        this(scheduler.codec(), store, catalog, metrics, Settings.of(config, scheduler.settings().zstdLevel()), self.id(),
                System::currentTimeMillis, config.learningEnabled() && scheduler.settings().dictionaryEnabled());
    }

    public DictionaryLearner(BlockCodec codec, DictionaryStore store, DictionaryCatalog catalog, DictionaryMetrics metrics,
                             Settings settings, String owner, LongSupplier clock, boolean enabled) {
        this.codec = codec;
        this.store = store;
        this.catalog = catalog;
        this.metrics = metrics;
        this.settings = settings;
        this.owner = owner;
        this.clock = clock;
        this.enabled = enabled;
        this.reservoir = new PayloadReservoir(settings.samplePayloads(), settings.sampleMaxBytes(), owner.hashCode());
        if (enabled) {
            codec.sampleInto(reservoir);
        }
    }

    void onStart(@Observes StartupEvent event) {
        if (!enabled) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "roomcast-dictionary-trainer");
            t.setDaemon(true);
            t.setPriority(Thread.MIN_PRIORITY);   // training yields to delivery under CPU pressure
            return t;
        });
        long interval = settings.trainingIntervalMillis();
        executor.scheduleWithFixedDelay(this::trainLogged, interval, interval, TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    /** The sample the codec feeds (tests feed it directly). */
    public PayloadReservoir reservoir() {
        return reservoir;
    }

    private void trainLogged() {
        try {
            Outcome outcome = trainOnce();
            LOG.debugf("dictionary training: %s", outcome);
        } catch (RuntimeException e) {
            metrics.training(Outcome.FAILED);
            LOG.warnf("dictionary training failed: %s", e.getMessage());
        }
    }

    /** One training attempt; blocking (store calls are awaited), so only ever on the trainer thread or in tests. */
    public Outcome trainOnce() {
        Outcome outcome = attempt();
        metrics.training(outcome);
        return outcome;
    }

    private Outcome attempt() {
        if (reservoir.size() < settings.minSamplePayloads()) {
            return Outcome.TOO_FEW_SAMPLES;
        }
        // Held for nearly the whole interval, not released: one training per interval across the fleet.
        long claimMillis = Math.max(1, settings.trainingIntervalMillis() * 9 / 10);
        if (!store.claimTraining(owner, claimMillis).await().atMost(STORE_TIMEOUT)) {
            reservoir.drain();   // the next attempt samples the traffic of the next interval
            return Outcome.OTHER_INSTANCE;
        }
        List<byte[]> sample = reservoir.drain();
        long cpu0 = cpuNanos();
        DictionaryTrainer.Candidate candidate;
        try {
            candidate = DictionaryTrainer.propose(sample, settings.heldOutEvery(), settings.dictionarySizeBytes(),
                    settings.zstdLevel(), codec.dictionary(), DictionaryTrainer.FIRST_LEARNED_ID);
        } catch (IllegalArgumentException e) {
            LOG.infof("no dictionary from this sample: %s", e.getMessage());
            return Outcome.FAILED;
        }
        metrics.scored(candidate.candidateRatio(), candidate.currentRatio(), cpuNanos() - cpu0);
        retireExpired();
        if (!candidate.beats(settings.minGainPercent())) {
            LOG.infof("dictionary candidate rejected: held-out ratio %.2f vs %.2f in use (margin %.1f %%, round-trips %s)",
                    candidate.candidateRatio(), candidate.currentRatio(), settings.minGainPercent(), candidate.roundTrips());
            return Outcome.REJECTED;
        }
        int id = store.nextId().await().atMost(STORE_TIMEOUT);
        long activateAt = clock.getAsLong() + settings.activationDelayMillis();
        store.publish(id, DictionaryTrainer.withId(candidate.dictionary(), id), activateAt).await().atMost(STORE_TIMEOUT);
        metrics.rolledOut();
        LOG.infof("dictionary %d published (held-out ratio %.2f vs %.2f in use), active from %d", id,
                candidate.candidateRatio(), candidate.currentRatio(), activateAt);
        catalog.refresh().await().atMost(STORE_TIMEOUT);   // served here at once, not at the next poll
        return Outcome.ADOPTED;
    }

    /** This thread's CPU time, 0 where the runtime cannot tell (the metric then stays at 0). */
    private static long cpuNanos() {
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        return cpu.isCurrentThreadCpuTimeSupported() ? cpu.getCurrentThreadCpuTime() : 0;
    }

    private void retireExpired() {
        List<DictionaryStore.Published> published = store.published().await().atMost(STORE_TIMEOUT);
        for (int id : DictionaryCatalog.expired(published, clock.getAsLong(), settings.retentionMillis())) {
            store.remove(id).await().atMost(STORE_TIMEOUT);
        }
    }
}
