package dev.roomcast.connector.delivery;

import dev.roomcast.connector.metrics.ConnectorMetrics;
import dev.roomcast.connector.session.Session;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;

/**
 * One event loop's connections written by the fan-out but not flushed yet, and the one task that flushes
 * them. When blocks wait for the loop behind each other (or a flush is still pending), the fan-out queues
 * a frame on each member (no syscall) and adds the member here, instead of flushing it at once; the flush task
 * runs behind whatever the loop already had queued (its task queue is FIFO), flushes a batch of members
 * and, if more are waiting, queues itself again behind the tasks that arrived meanwhile. So when blocks
 * come faster than the loop can flush, a block written while earlier ones are still waiting rides the same
 * flush (one writev per member for several blocks): coalescing that costs no added latency. Loop-confined,
 * like the sessions it holds.
 */
final class FlushQueue implements Runnable {

    private final Executor loop;
    private final int batchConnections;
    private final ConnectorMetrics metrics;
    /** In the order they were first written since their last flush: each waits at most one pass. */
    private final ArrayDeque<Session> waiting = new ArrayDeque<>();
    private boolean scheduled;

    FlushQueue(Executor loop, int batchConnections, ConnectorMetrics metrics) {
        this.loop = loop;
        this.batchConnections = Math.max(1, batchConnections);
        this.metrics = metrics;
    }

    /** A frame was just queued on this member; it is flushed once however many more join it meanwhile. */
    void written(Session session) {
        if (session.queueForFlush()) {
            waiting.add(session);
        }
    }

    /** No member waits for a flush and none is on its way: a write may be flushed at once. */
    boolean idle() {
        return !scheduled && waiting.isEmpty();
    }

    /** Makes sure a flush task is on its way (at most one per loop at any time). */
    void schedule() {
        if (!scheduled && !waiting.isEmpty()) {
            scheduled = true;
            loop.execute(this);
        }
    }

    @Override
    public void run() {
        scheduled = false;
        int flushed = 0;
        try {
            Session session;
            while (flushed < batchConnections && (session = waiting.poll()) != null) {
                // Cleared first: a write from the flush below (none today) would queue the member again.
                session.flushDequeued();
                flushed++;
                session.transport().flush();
            }
        } finally {
            metrics.flushed(flushed);
            // The rest after the tasks queued meanwhile (a block among them then joins their flush), and
            // even if one flush threw: the others must not wait for the next block.
            schedule();
        }
    }
}
