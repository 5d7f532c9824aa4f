package dev.roomcast.loadgen.fleet;

import dev.roomcast.client.BlockStats;
import dev.roomcast.client.ClientListener;
import dev.roomcast.client.ConnectionState;
import dev.roomcast.loadgen.measure.FleetStats;
import dev.roomcast.proto.v1.Message;
import java.util.List;

/**
 * One simulated viewer's screen. Every viewer counts blocks and wire bytes; a sampled viewer also
 * "renders": times each live message from publish (created_at_ms) to now, and prices it as the
 * plain JSON a naive system would have sent.
 */
final class ViewerListener implements ClientListener {


    private final FleetStats stats;
    private final boolean sampled;
    private final int immediatePriority;
    private volatile long joinedAtMillis = Long.MAX_VALUE;
    private boolean connectedOnce;

    /** Persisted msgIds handed to the application (switch benchmark only, else null). */
    private final dev.roomcast.loadgen.measure.MsgIdAudit.Viewer seen;

    ViewerListener(FleetStats stats, boolean sampled, int immediatePriority) {
        this.stats = stats;
        this.seen = sampled ? dev.roomcast.loadgen.measure.MsgIdAudit.register() : null;
        this.sampled = sampled;
        this.immediatePriority = immediatePriority;
    }

    void joinedAt(long millis) {
        if (joinedAtMillis == Long.MAX_VALUE) {
            joinedAtMillis = millis;
            stats.add("viewersJoined", 1);
        }
    }

    @Override
    public void onBlock(BlockStats block) {
        stats.add("blocks", 1);
        stats.add("delivered", block.messageCount());
        stats.add("wireBytes", block.wireBytes());
        stats.add("uncompressedBytes", block.uncompressedBytes());
        if (block.compressed()) {
            stats.add("compressedBlocks", 1);
        }
        if (sampled) {
            stats.add("sampleWireBytes", block.wireBytes());
        }
        if (block.createdAtMillis() > 0) {
            stats.latency.record("block", System.currentTimeMillis() - block.createdAtMillis());
        }
    }

    @Override
    public void onMessages(String roomId, List<Message> messages, dev.roomcast.client.MessageSource source) {
        if (!sampled) {
            return;
        }
        boolean pushed = source == dev.roomcast.client.MessageSource.PUSHED;
        long now = System.currentTimeMillis();
        for (Message m : messages) {
            if (seen != null && m.getMsgId() > 0 && !seen.received(m.getMsgId(), pushed)) {
                stats.add("appDuplicates", 1);      // must stay 0: the client de-duplicates by msgId
            }
            stats.add("sampleMessages", 1);
            stats.add("sampleJsonBytes", jsonBytes(m));
            long latency = now - m.getCreatedAtMs();
            if (pushed) {                  // history and gap-fill reads are not timed; polled ones apart
                stats.latency.record(m.getPriority() >= immediatePriority ? "immediate" : "normal", latency);
                stats.latency.record("type:" + m.getType().name(), latency);
            } else if (source == dev.roomcast.client.MessageSource.POLLED) {
                stats.latency.record("polled", latency);
            }
        }
    }

    @Override
    public void onStateChanged(ConnectionState state, String detail) {
        if (state == ConnectionState.CONNECTED) {
            if (connectedOnce) {
                stats.add("reconnects", 1);
            } else {
                stats.add("connected", 1);
            }
            connectedOnce = true;
        }
    }

    @Override
    public void onError(int code, String message) {
        stats.error(code);
        if (code == 0 && message.startsWith("undecodable")) {
            stats.add("decodeErrors", 1);
        }
    }

    static int jsonBytes(Message m) {
        return dev.roomcast.loadgen.measure.JsonPrice.bytes(m);
    }
}
