package dev.roomcast.room.dictionary;

import io.smallrye.mutiny.Uni;
import java.util.List;

/** Where learned dictionaries are shared by every room-service instance. */
public interface DictionaryStore {

    /** A published dictionary: blocks may name it from {@code activateAtMillis} on. */
    record Published(int id, long activateAtMillis) {
    }

    /** Every published dictionary, in activation order. */
    Uni<List<Published>> published();

    /** The bytes of a published dictionary (null when it is not, or no longer, stored). */
    Uni<byte[]> bytes(int id);

    /** A fresh id for a learned dictionary, never handed out before. */
    Uni<Integer> nextId();

    /** Stores the bytes and the activation time together. */
    Uni<Void> publish(int id, byte[] bytes, long activateAtMillis);

    /** Forgets a dictionary (after its retention). */
    Uni<Void> remove(int id);

    /** True for the one caller that claims the training of this interval ({@code ttlMillis} long). */
    Uni<Boolean> claimTraining(String owner, long ttlMillis);
}
