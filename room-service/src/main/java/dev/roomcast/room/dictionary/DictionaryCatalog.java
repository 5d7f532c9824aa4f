package dev.roomcast.room.dictionary;

import dev.roomcast.room.config.DictionaryConfig;
import dev.roomcast.room.scheduler.SchedulerHost;
import dev.roomcast.scheduler.BlockCodec;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;

/**
 * The zstd dictionaries clients may meet in {@code Block.dictionary_id}, served by id, and the rule that
 * switches this instance's codec to a learned one. The order that keeps clients decoding: an instance
 * serves every published id from its next poll on, and uses an id for blocks only from the id's
 * activation time, set a few polls after publication, so every instance serves an id before any block
 * names it. Replaced dictionaries stay served for the retention period. Dictionaries are immutable under
 * their id; everything is answered from memory.
 */
@ApplicationScoped
public class DictionaryCatalog {

    private static final Logger LOG = Logger.getLogger(DictionaryCatalog.class);

    /** One dictionary: its wire id (signed int32, as in Block.dictionary_id), bytes and SHA-256 (hex). */
    public record Entry(int id, byte[] bytes, String sha256) {
        static Entry of(byte[] bytes) {
            return new Entry(BlockCodec.dictionaryId(bytes), bytes, DictionaryCatalog.sha256(bytes));
        }
    }

    private final BlockCodec codec;
    private final DictionaryStore store;
    private final boolean switching;
    private final LongSupplier clock;
    private final DictionaryMetrics metrics;
    private final Entry bundled;
    private final Map<Integer, Entry> served = new ConcurrentHashMap<>();
    private final Vertx vertx;
    private final long pollIntervalMillis;
    private long timerId = -1;

    @Inject
    public DictionaryCatalog(SchedulerHost scheduler, DictionaryStore store, DictionaryConfig config, Vertx vertx,
                             DictionaryMetrics metrics) {
        this(scheduler.codec(), store, scheduler.settings().dictionaryEnabled(), System::currentTimeMillis, metrics,
                vertx, config.pollIntervalMillis());
    }

    /**
     * @param switching whether the codec follows the published dictionaries (false: compression without a
     *                  dictionary stays so; learned ids are still served)
     */
    public DictionaryCatalog(BlockCodec codec, DictionaryStore store, boolean switching, LongSupplier clock,
                             DictionaryMetrics metrics, Vertx vertx, long pollIntervalMillis) {
        this.codec = codec;
        this.store = store;
        this.switching = switching;
        this.clock = clock;
        this.metrics = metrics;
        this.vertx = vertx;
        this.pollIntervalMillis = pollIntervalMillis;
        byte[] inUse = codec.dictionary();
        this.bundled = inUse == null ? null : Entry.of(inUse);
        if (bundled != null) {
            served.put(bundled.id(), bundled);
        }
    }

    void onStart(@Observes StartupEvent event) {
        refresh().subscribe().with(ok -> { }, e -> LOG.warnf("first dictionary refresh failed, retrying: %s", e.getMessage()));
        timerId = vertx.setPeriodic(pollIntervalMillis, id -> refresh().subscribe().with(
                ok -> { }, e -> LOG.warnf("dictionary refresh failed: %s", e.getMessage())));
    }

    void onStop(@Observes ShutdownEvent event) {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
    }

    /** Every dictionary served now (the one in use, those published for later, those retained). */
    public List<Entry> inUse() {
        return List.copyOf(served.values());
    }

    public Optional<Entry> byId(int id) {
        return Optional.ofNullable(served.get(id));
    }

    /**
     * The dictionary of this id, read from the store when this instance has not loaded it yet (a client
     * may ask between publication and this instance's next poll).
     */
    public Uni<Optional<Entry>> byIdOrLoad(int id) {
        Entry held = served.get(id);
        if (held != null) {
            return Uni.createFrom().item(Optional.of(held));
        }
        return store.bytes(id).map(bytes -> Optional.ofNullable(accept(id, bytes)))
                .onFailure().recoverWithItem(Optional.empty());
    }

    /**
     * Reads what is published: loads the ids not held (checked: the header must carry the id), forgets those
     * removed after their retention (never the one in use), then switches the codec to the dictionary
     * whose activation time came last (on a worker thread: preparing one costs milliseconds).
     */
    public Uni<Void> refresh() {
        return store.published().chain(list -> Multi.createFrom().iterable(list)
                        .filter(p -> !served.containsKey(p.id()))
                        .onItem().transformToUniAndConcatenate(p -> store.bytes(p.id()).map(b -> accept(p.id(), b)))
                        .collect().asList()
                        .replaceWith(list))
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .invoke(this::apply)
                .replaceWithVoid();
    }

    private void apply(List<DictionaryStore.Published> published) {
        List<Integer> stored = new ArrayList<>();
        published.forEach(p -> stored.add(p.id()));
        int inUse = codec.dictionaryId();
        served.keySet().removeIf(id -> !stored.contains(id) && id != inUse && (bundled == null || id != bundled.id()));
        if (switching) {
            // None due (nothing learned yet, or the store lost its keys): the bundled one, as on every instance.
            Entry due = Optional.ofNullable(due(published, clock.getAsLong())).orElse(bundled);
            if (due != null && due.id() != codec.dictionaryId()) {
                codec.useDictionary(due.bytes());
                metrics.activated(due.id());
                LOG.infof("blocks now compressed with dictionary %d", due.id());
            }
        }
        metrics.observe(codec);
    }

    /** The loaded dictionary whose activation time is the latest not after now (null: none is due). */
    private Entry due(List<DictionaryStore.Published> published, long now) {
        Entry due = null;
        for (DictionaryStore.Published p : published) {   // in activation order
            Entry e = served.get(p.id());
            if (p.activateAtMillis() <= now && e != null) {
                due = e;
            }
        }
        return due;
    }

    private Entry accept(int id, byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        if (BlockCodec.dictionaryId(bytes) != id) {
            // Garbage under this id must never reach the codec: clients would find a different id in the header.
            metrics.invalid();
            LOG.warnf("stored dictionary %d has header id %d: ignored", id, BlockCodec.dictionaryId(bytes));
            return null;
        }
        Entry e = Entry.of(bytes);
        served.putIfAbsent(id, e);
        return e;
    }

    /** Ids replaced by a later activation more than {@code retentionMillis} ago (the last published one never is). */
    public static List<Integer> expired(List<DictionaryStore.Published> published, long now, long retentionMillis) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i + 1 < published.size(); i++) {
            long replacedAt = published.get(i + 1).activateAtMillis();
            if (replacedAt <= now && now - replacedAt > retentionMillis) {
                out.add(published.get(i).id());
            }
        }
        return out;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
