package dev.roomcast.client;

import dev.roomcast.client.codec.BlockDecodeException;
import dev.roomcast.client.codec.BlockDecoder;
import dev.roomcast.client.codec.RemoteDictionaries;
import dev.roomcast.proto.v1.Block;
import dev.roomcast.proto.v1.Message;
import java.util.ArrayDeque;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Decodes the blocks of one session in arrival order. A block naming a dictionary not yet held waits
 * (with every block behind it, so order is kept) while that dictionary is downloaded, then decodes; a
 * failed download, or too many waiting blocks, counts a decode error and reports it, never a silent drop
 * (persisted messages come back by recovery or polling). Runs on the session's context only.
 */
final class BlockIntake {

    /** Blocks held back behind a dictionary download at most (a few seconds of a busy room). */
    static final int MAX_WAITING = 512;
    /** After a failed download, blocks naming that id fail at once for this long instead of retrying. */
    static final long RETRY_AFTER_FAILURE_MILLIS = 5_000;

    private final Session session;
    private final BlockDecoder decoder;
    private final RemoteDictionaries remote;          // null: no downloads, unknown ids fail at once
    private final BiConsumer<Block, List<Message>> deliver;
    private final ArrayDeque<Block> waiting = new ArrayDeque<>();
    private int failedId;
    private long failedAtMillis;

    BlockIntake(Session session, BlockDecoder decoder, RemoteDictionaries remote, BiConsumer<Block, List<Message>> deliver) {
        this.session = session;
        this.decoder = decoder;
        this.remote = remote;
        this.deliver = deliver;
    }

    void accept(Block block) {
        if (!waiting.isEmpty()) {
            if (waiting.size() >= MAX_WAITING) {
                fail(block, "waiting for a dictionary download: " + MAX_WAITING + " blocks already held back");
                return;
            }
            waiting.add(block);
            return;
        }
        waiting.add(block);
        drain();
    }

    int waiting() {
        return waiting.size();
    }

    private void drain() {
        while (!waiting.isEmpty()) {
            Block block = waiting.peek();
            try {
                List<Message> messages = decoder.decode(block);
                waiting.poll();
                deliver.accept(block, messages);
            } catch (BlockDecodeException e) {
                int missing = e.missingDictionaryId();
                if (missing != 0 && remote != null && !recentlyFailed(missing)) {
                    fetchThenDrain(missing);
                    return;                           // the head and everything behind it wait
                }
                waiting.poll();
                fail(block, e.getMessage());
            }
        }
    }

    private void fetchThenDrain(int id) {
        remote.fetch(id).onComplete(ar -> session.run(() -> {
            if (ar.failed()) {
                failedId = id;
                failedAtMillis = System.currentTimeMillis();
                session.listener.onError(0, "zstd dictionary " + id + " could not be downloaded: " + ar.cause().getMessage());
            }
            drain();
        }));
    }

    private boolean recentlyFailed(int id) {
        return id == failedId && System.currentTimeMillis() - failedAtMillis < RETRY_AFTER_FAILURE_MILLIS;
    }

    private void fail(Block block, String why) {
        session.stats.decodeErrors++;
        session.listener.onError(0, "undecodable block " + block.getBlockSeq() + " of " + block.getMcastId() + ": " + why);
    }
}
