package dev.roomcast.client;

import com.github.luben.zstd.Zstd;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Supplies zstd dictionaries by the id a block names ({@code Block.dictionary_id}, the id in the
 * dictionary's own header). The server side trains and ships them (roomcast-scheduler bundles one);
 * an app may bundle known ones, download them, or cache them on disk. Called on the client's I/O
 * thread, so an implementation must answer from memory; a dictionary that is not available makes
 * that block undecodable (counted, its persisted messages recovered from the mailbox).
 */
@FunctionalInterface
public interface DictionaryProvider {

    /** The raw dictionary bytes for {@code dictionaryId}, or empty when unknown. */
    Optional<byte[]> dictionary(int dictionaryId);

    static DictionaryProvider none() {
        return id -> Optional.empty();
    }

    /** Known dictionaries, each under the id written in its zstd header. */
    static DictionaryProvider of(byte[]... dictionaries) {
        Map<Integer, byte[]> byId = new HashMap<>();
        for (byte[] d : dictionaries) {
            int id = (int) Zstd.getDictIdFromDict(d);
            if (id == 0) {
                throw new IllegalArgumentException("not a zstd dictionary (no dictionary id in its header)");
            }
            byId.put(id, d.clone());
        }
        return id -> Optional.ofNullable(byId.get(id));
    }

    /** A dictionary shipped as a class-path resource (e.g. the one in roomcast-scheduler); none if absent. */
    static DictionaryProvider fromClasspath(String resource) {
        try (InputStream in = DictionaryProvider.class.getResourceAsStream(resource)) {
            return in == null ? none() : of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
