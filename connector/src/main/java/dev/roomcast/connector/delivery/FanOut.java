package dev.roomcast.connector.delivery;

import com.google.protobuf.ByteString;
import dev.roomcast.connector.config.ConnectorConfig;
import dev.roomcast.connector.membership.ConnectionRegistry;
import dev.roomcast.connector.membership.Mcast;
import dev.roomcast.connector.membership.McastRegistry;
import dev.roomcast.connector.metrics.ConnectorMetrics;
import dev.roomcast.connector.session.Outbound;
import dev.roomcast.connector.session.Session;
import dev.roomcast.connector.transport.EncodedFrame;
import dev.roomcast.connector.transport.EventLoops;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Writes one pushed frame to many connections: each event loop gets one task that wraps the bytes once
 * ({@link EncodedFrame}) and queues a shared duplicate on every member it owns. No per-member encode,
 * copy or cross-thread hop. The flush (the socket write syscall, most of the cost) of a block follows each
 * member's write at once when no other block waits for the loop and no flush is pending: one pass over the
 * members (a second pass to flush them found each connection's buffers gone from the CPU cache again, a
 * third of the loop's own CPU at 15,000 members); on native epoll such a write is one send() to the socket
 * when nothing is queued on the connection ({@link dev.roomcast.connector.transport.ClientTransport#writeAndFlush}).
 * When blocks queue up behind each other, and for gifts, the loop's {@link FlushQueue} flushes once for
 * several of them (one writev per member).
 * <p>
 * The counts a push answers are decided when the frame is queued on the connection (written, or dropped
 * by {@link Outbound}'s bound, which counts unflushed bytes too): a flush never changes them (it reports
 * nothing; what the socket does not take stays queued). A push completes once every loop has queued it
 * (and, on an idle loop, flushed it).
 */
@Singleton
public class FanOut {

    public record Counts(int delivered, int dropped) {
    }

    /** A block wrapped once per payload form it came in; a connection gets the form it negotiated at Auth. */
    private record Forms(EncodedFrame plain, EncodedFrame compact) {
        static Forms of(ByteString frame, ByteString compactFrame) {
            return new Forms(EncodedFrame.of(frame), compactFrame.isEmpty() ? null : EncodedFrame.of(compactFrame));
        }

        EncodedFrame of(Session session) {
            return compact != null && session.readsCompactBlocks() ? compact : plain;
        }

        /** This loop's references; the duplicates queued on its connections keep the memory until written. */
        void release() {
            plain.release();
            if (compact != null) {
                compact.release();
            }
        }
    }

    public static final String GLOBAL = "global";

    private final EventLoops loops;
    private final McastRegistry mcasts;
    private final ConnectionRegistry connections;
    private final Outbound outbound;
    private final ConnectorMetrics metrics;
    private final List<FlushQueue> flushes = new ArrayList<>();
    /** Per loop: fan-out tasks handed to it and not started yet (a block that finds 0 is the last in line). */
    private final List<AtomicInteger> blocksWaiting = new ArrayList<>();

    FanOut(EventLoops loops, McastRegistry mcasts, ConnectionRegistry connections, Outbound outbound,
            ConnectorMetrics metrics, ConnectorConfig config) {
        this.loops = loops;
        this.mcasts = mcasts;
        this.connections = connections;
        this.outbound = outbound;
        this.metrics = metrics;
        for (int i = 0; i < loops.count(); i++) {
            flushes.add(new FlushQueue(loops.get(i), config.delivery().flushBatchConnections(), metrics));
            blocksWaiting.add(new AtomicInteger());
        }
    }

    /** A block to an mcast; {@code global} reaches every authenticated connection. */
    public Uni<Counts> toMcast(String mcastId, ByteString frame, boolean reliable) {
        return mcast(mcastId, frame, ByteString.EMPTY, reliable, 0);
    }

    public Uni<Counts> toMcast(String mcastId, ByteString frame, boolean reliable, long maxMsgId) {
        return toMcast(mcastId, frame, ByteString.EMPTY, reliable, maxMsgId);
    }

    /**
     * A block to an mcast. For a room's public channel, members switched to polling are skipped, and
     * {@code maxMsgId} (the block's highest persisted msgId) is remembered per loop: it is where a viewer
     * switched later on that loop reads from. {@code compactFrame} (empty = none) is the same block in the
     * compact payload form: members that negotiated it get it, the others {@code frame}; each is wrapped once.
     */
    public Uni<Counts> toMcast(String mcastId, ByteString frame, ByteString compactFrame, boolean reliable, long maxMsgId) {
        metrics.blockPushed(!compactFrame.isEmpty());
        return mcast(mcastId, frame, compactFrame, reliable, maxMsgId);
    }

    private Uni<Counts> mcast(String mcastId, ByteString frame, ByteString compactFrame, boolean reliable, long maxMsgId) {
        if (GLOBAL.equals(mcastId)) {
            return write(frame, compactFrame, reliable, connections::onLoop, null, null, 0);
        }
        Mcast mcast = mcasts.get(mcastId);
        if (mcast == null) {
            return Uni.createFrom().item(new Counts(0, 0));
        }
        String pollableRoom = mcastId.startsWith("room:") ? mcastId.substring(5) : null;
        return write(frame, compactFrame, reliable, mcast::membersOnLoop, pollableRoom == null ? null : mcast, pollableRoom,
                maxMsgId);
    }

    /** A frame to a given set of connections (one user's), grouped by their loops first. */
    public Uni<Counts> toSessions(Collection<Session> sessions, ByteString frame, boolean reliable) {
        List<List<Session>> byLoop = new ArrayList<>();
        for (int i = 0; i < loops.count(); i++) {
            byLoop.add(new ArrayList<>());
        }
        for (Session s : sessions) {
            byLoop.get(s.loopIndex()).add(s);
        }
        return write(frame, ByteString.EMPTY, reliable, byLoop::get, null, null, 0);
    }

    private Uni<Counts> write(ByteString frame, ByteString compactFrame, boolean reliable,
            IntFunction<Collection<Session>> membersOf, Mcast room, String roomId, long maxMsgId) {
        long start = System.nanoTime();
        return Uni.createFrom().emitter(emitter -> {
            metrics.encoded();
            int n = loops.count();
            AtomicInteger remaining = new AtomicInteger(n);
            AtomicInteger delivered = new AtomicInteger();
            AtomicInteger dropped = new AtomicInteger();
            for (int i = 0; i < n; i++) {
                int loop = i;
                Collection<Session> members = membersOf.apply(loop);
                if (members.isEmpty()) {
                    if (remaining.decrementAndGet() == 0) {
                        done(start, delivered.get(), dropped.get(), emitter);
                    }
                    continue;
                }
                AtomicInteger waiting = blocksWaiting.get(loop);
                waiting.incrementAndGet();
                loops.get(loop).execute(() -> {
                    boolean lastInLine = waiting.decrementAndGet() == 0;
                    // Each loop wraps its own copy: every queued duplicate retains and releases its frame's
                    // reference count, and one count shared by both loops would bounce between the cores.
                    Forms encoded = Forms.of(frame, compactFrame);
                    try {
                        if (room != null) {
                            room.written(loop, maxMsgId);
                        }
                        writeLoop(loop, members, encoded, reliable, lastInLine, delivered, dropped, room, roomId);
                    } finally {
                        encoded.release();
                        if (remaining.decrementAndGet() == 0) {
                            done(start, delivered.get(), dropped.get(), emitter);
                        }
                    }
                });
            }
        });
    }

    private void writeLoop(int loop, Collection<Session> members, Forms encoded, boolean reliable, boolean lastInLine,
            AtomicInteger delivered, AtomicInteger dropped, Mcast room, String roomId) {
        FlushQueue flush = flushes.get(loop);
        // Nothing to coalesce with: no block behind this one, no member still waiting for an earlier flush.
        // Reliable frames (gifts) always take the flush queue: a gift burst arrives as many small pushes
        // and shares flushes across them, the behaviour the anchor's gift channel is proven with end to end.
        boolean flushNow = !reliable && lastInLine && flush.idle();
        int count = 0;
        int drops = 0;
        int compactWritten = 0;
        long bytes = 0;
        boolean somePoll = room != null && room.polling() > 0;
        for (Session session : members) {
            if (!session.authenticated() || (somePoll && session.polls(roomId))) {
                continue;
            }
            EncodedFrame form = encoded.of(session);
            Outbound.Result result = outbound.offer(session, form, reliable, flushNow);
            if (result == Outbound.Result.WRITTEN) {
                if (!flushNow) {
                    flush.written(session);
                }
                count++;
                bytes += form.size();
                if (form != encoded.plain()) {
                    compactWritten++;
                }
            } else if (result == Outbound.Result.DROPPED) {
                drops++;
            }
        }
        if (flushNow) {
            metrics.flushed(count);
        } else {
            flush.schedule();
        }
        if (count > 0) {
            delivered.addAndGet(count);
            metrics.written(count, bytes);
            metrics.writtenCompact(compactWritten);
        }
        if (drops > 0) {
            dropped.addAndGet(drops);
            metrics.dropped(ConnectorMetrics.DropReason.QUEUE_FULL, drops);
        }
    }

    private void done(long start, int delivered, int dropped, UniEmitter<? super Counts> emitter) {
        metrics.fanOut(System.nanoTime() - start);
        emitter.complete(new Counts(delivered, dropped));
    }
}
