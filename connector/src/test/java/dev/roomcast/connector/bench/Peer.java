package dev.roomcast.connector.bench;

import io.vertx.core.Vertx;

/**
 * One server in the side-by-side benchmark, with its own subscribers and publisher in the load process.
 * Lifecycle, in order: {@link #start}, {@link #subscribe}, {@link #publish} per block, {@link #stop}.
 */
interface Peer {

    String name();

    /** Starts the server process and returns once it serves. */
    PeerServer start() throws Exception;

    /** Heap in use after a full GC in the server, or -1 when the server is not a JVM. */
    long heapAfterGc() throws Exception;

    /** Opens n subscribers and the publisher; returns once they are ready (or failed). */
    Receipts subscribe(Vertx vertx, int n, int sources) throws Exception;

    /** Subscribers ready to receive. */
    int subscribed();

    /** Publishes one frame to every subscriber; returns the frames the server says it dropped (0 if it cannot say). */
    long publish(byte[] frame) throws Exception;

    /**
     * The server's own write counters (frames written, socket flushes), read before and after a run; empty
     * when the server has none.
     */
    default java.util.Map<String, Double> writeCounters() throws Exception {
        return java.util.Map.of();
    }

    /** Closes the publisher side and stops the server process. */
    void stop() throws Exception;
}
