package dev.roomcast.room.dictionary;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roomcast.proto.v1.Block;
import dev.roomcast.proto.v1.Message;
import dev.roomcast.room.membership.Keys;
import dev.roomcast.room.support.OtherChat;
import dev.roomcast.scheduler.BlockCodec;
import dev.roomcast.scheduler.BlockDecoder;
import dev.roomcast.scheduler.DictionaryTrainer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two room-service instances' dictionary parts (codec, catalog, learner) against one real Redis
 * (localhost:6379, database 9): learning, the serve-before-use order, agreement, refusals.
 */
class DictionaryRolloutTest {

    private static final byte[] BUNDLED = BlockCodec.bundledDictionary();
    private static final int BUNDLED_ID = BlockCodec.dictionaryId(BUNDLED);
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final long ACTIVATION_DELAY = 30_000;

    private Vertx vertx;
    private Redis redis;
    private RedisDictionaryStore store;
    private final AtomicLong now = new AtomicLong(1_800_000_000_000L);
    private Instance a;
    private Instance b;

    /** One room-service instance's share: its codec, catalog and learner, on the shared clock. */
    private final class Instance {
        final BlockCodec codec = new BlockCodec(512, 64, 3, BUNDLED);
        final SimpleMeterRegistry meters = new SimpleMeterRegistry();
        final DictionaryMetrics metrics = new DictionaryMetrics(meters);
        final DictionaryCatalog catalog;
        final DictionaryLearner learner;

        Instance(String id, double minGainPercent) {
            catalog = new DictionaryCatalog(codec, store, true, now::get, metrics, vertx, 5000);
            learner = new DictionaryLearner(codec, store, catalog, metrics, new DictionaryLearner.Settings(2000, 4L << 20, 500,
                    600_000, 16 * 1024, 10, minGainPercent, ACTIVATION_DELAY, TimeUnit.HOURS.toMillis(24), 3), id, now::get, true);
        }

        void refresh() {
            catalog.refresh().await().atMost(WAIT);
        }

        void sample(long seed, int count) {
            OtherChat.payloads(seed, count).forEach(learner.reservoir()::offer);
        }

        double counter(String name, String outcome) {
            var search = meters.find(name);
            if (outcome != null) {
                search = search.tag("outcome", outcome);
            }
            var c = search.counter();
            return c == null ? 0 : c.count();
        }
    }

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        redis = Redis.createClient(vertx, "redis://localhost:6379/9");
        store = new RedisDictionaryStore(redis);
        clearKeys();
        a = new Instance("room-a", 5);
        b = new Instance("room-b", 5);
    }

    @AfterEach
    void stop() {
        clearKeys();
        redis.close();
        vertx.closeAndAwait();
    }

    private void clearKeys() {
        redis.send(Request.cmd(Command.DEL).arg(Keys.dictionaryBytes()).arg(Keys.dictionaryActivations())
                .arg(Keys.dictionaryNextId()).arg(Keys.dictionaryTrainingClaim())).await().atMost(WAIT);
    }

    /** No instance compresses with an id that some instance does not serve. */
    private void assertServedBeforeUsed() {
        for (Instance user : List.of(a, b)) {
            for (Instance server : List.of(a, b)) {
                assertThat(server.catalog.byId(user.codec.dictionaryId()))
                        .as("dictionary %d in use must be served by every instance", user.codec.dictionaryId()).isPresent();
            }
        }
    }

    @Test
    void aLearnedDictionaryIsServedEverywhereBeforeAnyInstanceUsesItThenBothSwitch() throws Exception {
        a.sample(1, 1000);
        assertThat(a.learner.trainOnce()).isEqualTo(DictionaryLearner.Outcome.ADOPTED);
        List<DictionaryStore.Published> published = store.published().await().atMost(WAIT);
        assertThat(published).hasSize(1);
        int learned = published.get(0).id();
        assertThat(learned).isEqualTo(DictionaryTrainer.FIRST_LEARNED_ID);
        assertThat(published.get(0).activateAtMillis()).isEqualTo(now.get() + ACTIVATION_DELAY);

        // Published: the trainer serves it at once, the other instance from its next poll; nobody uses it yet.
        assertThat(a.catalog.byId(learned)).isPresent();
        assertThat(b.catalog.byIdOrLoad(learned).await().atMost(WAIT)).as("asked before its poll: read from Redis").isPresent();
        b.refresh();
        assertThat(b.catalog.inUse()).extracting(DictionaryCatalog.Entry::id).contains(learned, BUNDLED_ID);
        assertThat(a.codec.dictionaryId()).isEqualTo(BUNDLED_ID);
        assertThat(b.codec.dictionaryId()).isEqualTo(BUNDLED_ID);
        assertServedBeforeUsed();

        now.addAndGet(ACTIVATION_DELAY - 1);
        a.refresh();
        b.refresh();
        assertThat(a.codec.dictionaryId()).as("one ms before activation").isEqualTo(BUNDLED_ID);

        now.addAndGet(1);
        a.refresh();
        b.refresh();
        assertThat(a.codec.dictionaryId()).isEqualTo(learned);
        assertThat(b.codec.dictionaryId()).as("both instances agree").isEqualTo(learned);
        assertServedBeforeUsed();
        assertThat(b.catalog.byId(BUNDLED_ID)).as("the replaced one is retained").isPresent();

        // A block built after the switch decodes with what the catalog serves.
        List<Message> messages = OtherChat.block(new Random(5), "r1", 20);
        Block block = BlockDecoder.blockOf(b.codec.encode("r1", "room:r1", 1, messages, 1, false).frameBytes());
        assertThat(block.getDictionaryId()).isEqualTo(learned);
        assertThat(new BlockDecoder().addDictionary(a.catalog.byId(learned).orElseThrow().bytes()).decode(block))
                .isEqualTo(messages);
        assertThat(a.counter("roomcast_dictionary_rollouts_total", null)).isEqualTo(1);
        assertThat(a.counter("roomcast_dictionary_trainings_total", "adopted")).isEqualTo(1);
        assertThat(b.counter("roomcast_dictionary_activations_total", null)).isEqualTo(1);
    }

    @Test
    void onlyOneInstanceTrainsPerInterval() {
        a.sample(2, 800);
        b.sample(3, 800);
        assertThat(a.learner.trainOnce()).isEqualTo(DictionaryLearner.Outcome.ADOPTED);
        assertThat(b.learner.trainOnce()).isEqualTo(DictionaryLearner.Outcome.OTHER_INSTANCE);
        assertThat(store.published().await().atMost(WAIT)).hasSize(1);
        assertThat(b.learner.reservoir().size()).as("the loser starts a fresh sample").isZero();
    }

    @Test
    void aCandidateThatDoesNotBeatTheDictionaryInUseByTheMarginIsNotRolledOut() {
        Instance strict = new Instance("room-strict", 99);
        strict.sample(4, 800);
        assertThat(strict.learner.trainOnce()).isEqualTo(DictionaryLearner.Outcome.REJECTED);
        assertThat(store.published().await().atMost(WAIT)).isEmpty();
        assertThat(strict.counter("roomcast_dictionary_trainings_total", "rejected")).isEqualTo(1);
        assertThat(strict.codec.dictionaryId()).isEqualTo(BUNDLED_ID);
    }

    @Test
    void aSecondCandidateNoBetterThanTheLearnedOneInUseIsRejected() {
        a.sample(5, 1000);
        assertThat(a.learner.trainOnce()).isEqualTo(DictionaryLearner.Outcome.ADOPTED);
        now.addAndGet(ACTIVATION_DELAY);
        a.refresh();
        redis.send(Request.cmd(Command.DEL).arg(Keys.dictionaryTrainingClaim())).await().atMost(WAIT);   // next interval
        a.sample(6, 1000);   // the same traffic again: the learned dictionary already fits it
        assertThat(a.learner.trainOnce()).isEqualTo(DictionaryLearner.Outcome.REJECTED);
        assertThat(store.published().await().atMost(WAIT)).hasSize(1);
    }

    @Test
    void aStoredDictionaryWhoseHeaderNamesAnotherIdIsNeverServedNorUsed() {
        byte[] learned = DictionaryTrainer.propose(OtherChat.payloads(7, 800), 10, 16 * 1024, 3, BUNDLED, 40_001).dictionary();
        store.publish(40_000, learned, now.get() - 1).await().atMost(WAIT);   // bytes of 40001 filed under 40000

        a.refresh();
        assertThat(a.catalog.byId(40_000)).isEmpty();
        assertThat(a.codec.dictionaryId()).isEqualTo(BUNDLED_ID);
        assertThat(a.counter("roomcast_dictionary_invalid_total", null)).isEqualTo(1);
    }

    @Test
    void tooFewSamplesSkipTheInterval() {
        a.sample(8, 100);
        assertThat(a.learner.trainOnce()).isEqualTo(DictionaryLearner.Outcome.TOO_FEW_SAMPLES);
        assertThat(store.published().await().atMost(WAIT)).isEmpty();
    }

    @Test
    void replacedDictionariesExpireAfterTheRetentionAndTheLatestNever() {
        List<DictionaryStore.Published> published = List.of(new DictionaryStore.Published(40_000, 1000),
                new DictionaryStore.Published(40_001, 5000), new DictionaryStore.Published(40_002, 9000));
        assertThat(DictionaryCatalog.expired(published, 5000 + 100, 100)).isEmpty();
        assertThat(DictionaryCatalog.expired(published, 5000 + 101, 100)).containsExactly(40_000);
        assertThat(DictionaryCatalog.expired(published, 1_000_000, 100)).containsExactly(40_000, 40_001);
    }

    @Test
    void oneTrainingAtTheDefaultSampleCostsFarLessThanTwoPercentOfACoreAtTheDefaultInterval() {
        // Defaults of DictionaryConfig: 2000 payloads (at most 4 MiB), 32 KiB dictionary, every 600 s.
        List<byte[]> sample = OtherChat.payloads(9, 2000);
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        long t0 = cpu.getCurrentThreadCpuTime();
        DictionaryTrainer.Candidate c = DictionaryTrainer.propose(sample, 10, 32 * 1024, 3, BUNDLED, 40_000);
        long cpuNanos = cpu.getCurrentThreadCpuTime() - t0;
        double share = cpuNanos / 1e9 / 600;
        System.out.printf("one training (2000 payloads, %d KiB sampled, 32 KiB dictionary): %.0f ms CPU = %.4f %% of a core at 600 s%n",
                sample.stream().mapToLong(p -> p.length).sum() / 1024, cpuNanos / 1e6, share * 100);
        assertThat(c.roundTrips()).isTrue();
        assertThat(share).isLessThan(0.02);
    }
}
