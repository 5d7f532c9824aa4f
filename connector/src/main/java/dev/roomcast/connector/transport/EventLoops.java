package dev.roomcast.connector.transport;

import io.netty.util.concurrent.EventExecutor;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * The event loops of the client connections ({@link ClientVertx}), numbered. Mcasts keep their members per loop so that one push becomes one
 * task per loop, each writing only the connections that loop owns (no cross-thread write per member).
 */
@Singleton
public class EventLoops {

    private final List<Executor> loops = new ArrayList<>();
    private final Map<Executor, Integer> index = new IdentityHashMap<>();

    EventLoops(ClientVertx clients) {
        for (EventExecutor executor : clients.vertx().nettyEventLoopGroup()) {
            index.put(executor, loops.size());
            loops.add(executor);
        }
    }

    public int count() {
        return loops.size();
    }

    public Executor get(int i) {
        return loops.get(i);
    }

    /** Runs a task on loop {@code i} after a delay (a Netty scheduled task: no extra thread). */
    public void schedule(int i, long delayMillis, Runnable task) {
        ((EventExecutor) loops.get(i)).schedule(task, Math.max(0, delayMillis), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** The loop's number; -1 for a thread that is not one of them (never for a connection's loop). */
    public int indexOf(Executor loop) {
        Integer i = index.get(loop);
        return i == null ? -1 : i;
    }

    /** Index of the loop running the caller, or -1. */
    public int current() {
        for (int i = 0; i < loops.size(); i++) {
            if (((EventExecutor) loops.get(i)).inEventLoop()) {
                return i;
            }
        }
        return -1;
    }
}
