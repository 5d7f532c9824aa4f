package dev.roomcast.client;

import java.util.Optional;

/**
 * Supplies zstd dictionaries by the id a block names ({@code Block.dictionary_id}). The server side
 * trains and publishes them; an app may bundle known ones, download them, or cache them on disk.
 * Called on the client's I/O thread, so an implementation must answer from memory; a dictionary
 * that is not available yet makes that block undecodable (counted, recovered from the mailbox).
 */
@FunctionalInterface
public interface DictionaryProvider {

    /** The raw dictionary bytes for {@code dictionaryId}, or empty when unknown. */
    Optional<byte[]> dictionary(int dictionaryId);

    static DictionaryProvider none() {
        return id -> Optional.empty();
    }
}
