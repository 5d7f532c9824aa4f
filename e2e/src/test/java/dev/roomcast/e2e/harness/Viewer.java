package dev.roomcast.e2e.harness;

import dev.roomcast.client.BlockStats;
import dev.roomcast.client.ClientListener;
import dev.roomcast.client.ConnectionState;
import dev.roomcast.client.RoomcastClient;
import dev.roomcast.proto.v1.Gift;
import dev.roomcast.proto.v1.Message;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A reference client as the application sees it, recording everything it is handed: message
 * batches (with the block each live batch came from), gifts with their arrival times, and the
 * connector it is on. Written on the client's I/O thread, read by the test thread (synchronized).
 */
public final class Viewer implements ClientListener, AutoCloseable {

    /** One {@code onMessages} call; {@code block} is null for history, recovery and polled batches. */
    public record Batch(String roomId, List<Message> messages, BlockStats block, long receivedAtMs) {
    }

    /** One gift handed to the application, and when. */
    public record Received(Gift gift, long receivedAtMs) {
    }

    public final String userId;
    private RoomcastClient client;
    private final List<Batch> batches = new ArrayList<>();
    private final List<Received> gifts = new ArrayList<>();
    private final List<String> connectors = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();
    private BlockStats lastBlock;
    private volatile String connectorId;
    private volatile ConnectionState state = ConnectionState.CONNECTING;

    Viewer(String userId) {
        this.userId = userId;
    }

    void attach(RoomcastClient client) {
        this.client = client;
    }

    public RoomcastClient client() {
        return client;
    }

    public void join(String roomId) {
        client.join(roomId).toCompletableFuture().orTimeout(60, TimeUnit.SECONDS).join();
    }

    @Override
    public synchronized void onBlock(BlockStats stats) {
        lastBlock = stats;
    }

    @Override
    public synchronized void onMessages(String roomId, List<Message> messages) {
        // The client calls onBlock then, synchronously, onMessages for the same block; any other
        // batch (history, recovery, poll) arrives without a block in front of it.
        BlockStats block = lastBlock;
        lastBlock = null;
        batches.add(new Batch(roomId, List.copyOf(messages), block, System.currentTimeMillis()));
    }

    @Override
    public synchronized void onGifts(String roomId, List<Gift> delivered) {
        long now = System.currentTimeMillis();
        delivered.forEach(g -> gifts.add(new Received(g, now)));
    }

    @Override
    public synchronized void onStateChanged(ConnectionState next, String detail) {
        state = next;
        lastBlock = null;
        if (next == ConnectionState.CONNECTED) {
            connectorId = detail;
            connectors.add(detail);
        }
    }

    @Override
    public synchronized void onError(int code, String message) {
        errors.add(code + " " + message);
    }

    /** Errors the client reported (request errors and the codes that ended connections). */
    public synchronized List<String> errors() {
        return List.copyOf(errors);
    }

    public synchronized List<Batch> batches(String roomId) {
        return batches.stream().filter(b -> b.roomId().equals(roomId)).toList();
    }

    /** Every message of the room in the order the application received it. */
    public synchronized List<Message> messages(String roomId) {
        List<Message> all = new ArrayList<>();
        batches(roomId).forEach(b -> all.addAll(b.messages()));
        return all;
    }

    /** Persisted messages (msgId &gt; 0) of the room, msgId -&gt; times received by the application. */
    public synchronized Map<Long, Integer> persistedCounts(String roomId) {
        Map<Long, Integer> counts = new HashMap<>();
        for (Message m : messages(roomId)) {
            if (m.getMsgId() > 0) {
                counts.merge(m.getMsgId(), 1, Integer::sum);
            }
        }
        return counts;
    }

    public synchronized List<Received> gifts() {
        return List.copyOf(gifts);
    }

    public synchronized int giftCount() {
        return gifts.size();
    }

    public String connectorId() {
        return connectorId;
    }

    /** Every connector this client authenticated on, in order (one entry per connection). */
    public synchronized List<String> connectorHistory() {
        return List.copyOf(connectors);
    }

    public ConnectionState state() {
        return state;
    }

    @Override
    public void close() {
        if (client != null) {
            client.close();
        }
    }
}
