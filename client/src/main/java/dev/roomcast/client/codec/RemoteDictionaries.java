package dev.roomcast.client.codec;

import com.github.luben.zstd.Zstd;
import dev.roomcast.client.DictionaryProvider;
import dev.roomcast.client.net.DictionaryApi;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Dictionaries downloaded from room-service, answered from memory (the provider contract): the list in
 * use is loaded once at start, an id a block names but not yet held is fetched on demand. Shared by every
 * client of a runtime that talks to the same room-service, so thousands of simulated viewers download a
 * dictionary once. Thread-safe.
 */
public final class RemoteDictionaries implements DictionaryProvider {

    private final DictionaryApi api;
    private final Map<Integer, byte[]> known = new ConcurrentHashMap<>();
    private final Map<Integer, Future<byte[]>> inFlight = new ConcurrentHashMap<>();
    private volatile Future<Void> preload;

    public RemoteDictionaries(DictionaryApi api) {
        this.api = api;
    }

    @Override
    public Optional<byte[]> dictionary(int dictionaryId) {
        return Optional.ofNullable(known.get(dictionaryId));
    }

    /** Loads every dictionary in use; once (a failed load is retried by the next call). */
    public synchronized Future<Void> preload() {
        Future<Void> current = preload;
        if (current == null || current.failed()) {
            current = api.inUse()
                    .compose(ids -> Future.join(ids.stream().map(this::fetch).toList()))
                    .mapEmpty();
            preload = current;
        }
        return current;
    }

    /** The dictionary of this id, downloaded unless held; concurrent requests share one download. */
    public Future<byte[]> fetch(int id) {
        byte[] held = known.get(id);
        if (held != null) {
            return Future.succeededFuture(held);
        }
        Promise<byte[]> result = Promise.promise();
        Future<byte[]> other = inFlight.putIfAbsent(id, result.future());
        if (other != null) {
            return other;
        }
        // Registered before the request starts: a synchronous failure must not run inside a map update.
        api.bytes(id).onComplete(ar -> {
            inFlight.remove(id);
            if (ar.failed()) {
                result.fail(ar.cause());
            } else if ((int) Zstd.getDictIdFromDict(ar.result()) != id) {
                // A proxy error page or a different dictionary: decoding with it would garble or fail later.
                result.fail(new IllegalStateException("dictionary " + id + " download has header id "
                        + (int) Zstd.getDictIdFromDict(ar.result())));
            } else {
                known.put(id, ar.result());
                result.complete(ar.result());
            }
        });
        return result.future();
    }

    /** Ids held now. */
    public List<Integer> held() {
        return List.copyOf(known.keySet());
    }
}
