package dev.roomcast.room.dictionary;

import dev.roomcast.room.scheduler.SchedulerHost;
import dev.roomcast.scheduler.BlockCodec;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The zstd dictionaries blocks are compressed with, by the id written in {@code Block.dictionary_id}.
 * Clients fetch them once (they are immutable: a new dictionary gets a new id), so everything is
 * computed at startup and served from memory, never blocking an event loop.
 */
@ApplicationScoped
public class DictionaryCatalog {

    /** One dictionary: its wire id (signed int32, as in Block.dictionary_id), bytes and SHA-256 (hex). */
    public record Entry(int id, byte[] bytes, String sha256) {
    }

    private final Map<Integer, Entry> byId;

    public DictionaryCatalog(SchedulerHost scheduler) {
        BlockCodec codec = scheduler.codec();
        byte[] dictionary = codec.dictionary();
        this.byId = dictionary == null ? Map.of()
                : Map.of(codec.dictionaryId(), new Entry(codec.dictionaryId(), dictionary, sha256(dictionary)));
    }

    /** The dictionaries in use for compression now (empty when compression runs without one). */
    public List<Entry> inUse() {
        return List.copyOf(byId.values());
    }

    public Optional<Entry> byId(int id) {
        return Optional.ofNullable(byId.get(id));
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
