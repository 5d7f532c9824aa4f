package dev.roomcast.client;

import dev.roomcast.client.codec.RemoteDictionaries;
import dev.roomcast.client.net.DictionaryApi;
import dev.roomcast.client.net.IoPool;
import dev.roomcast.client.net.RestCalls;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The I/O threads shared by clients. An app needs one runtime with one thread; a load generator
 * runs thousands of clients on a few threads. Close it when every client is done.
 */
public final class ClientRuntime implements AutoCloseable {

    /** Largest frame the client accepts (a block of 20 messages is a few KB; this is a guard). */
    public static final int DEFAULT_MAX_FRAME_BYTES = 1 << 20;

    private final IoPool io;
    /** room-service base URL -> its dictionaries: downloaded once per runtime, however many clients. */
    private final Map<String, RemoteDictionaries> dictionaries = new ConcurrentHashMap<>();

    private ClientRuntime(IoPool io) {
        this.io = io;
    }

    public static ClientRuntime create(int ioThreads) {
        return create(ioThreads, 64);
    }

    /**
     * @param httpConnections pooled HTTP connections per REST host shared by the clients (dispatcher,
     *                        mailbox, gift); a load generator with thousands of clients needs more
     */
    public static ClientRuntime create(int ioThreads, int httpConnections) {
        return new ClientRuntime(new IoPool(ioThreads, DEFAULT_MAX_FRAME_BYTES, 10_000, httpConnections));
    }

    public RoomcastClient newClient(ClientConfig config, ClientListener listener) {
        RemoteDictionaries remote = config.fetchDictionaries
                ? dictionaries.computeIfAbsent(config.dispatcherUrl,
                        url -> new RemoteDictionaries(new DictionaryApi(new RestCalls(io.http(), 10_000), url)))
                : null;
        return new RoomcastClient(new Session(io, config, listener, remote));
    }

    @Override
    public void close() {
        io.close();
    }
}
