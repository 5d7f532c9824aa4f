package dev.roomcast.scheduler;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A single-thread scheduled executor on a fake clock: {@link #advanceTo} moves the clock to each task's due
 * time plus {@code lateMillis} (an executor that wakes a few ms late) and runs it there. It exercises the
 * scheduler's own wake-up requests, which {@code runDueTicks()} called by hand would bypass.
 */
final class FakeTimer extends AbstractExecutorService implements ScheduledExecutorService {
    private record Task(long atMillis, long seq, Runnable run, FakeFuture future) {
    }

    private final AtomicLong clock;
    private final PriorityQueue<Task> tasks = new PriorityQueue<>((a, b) -> a.atMillis != b.atMillis
            ? Long.compare(a.atMillis, b.atMillis) : Long.compare(a.seq, b.seq));
    private long seq;
    long lateMillis;
    int runs;

    FakeTimer(AtomicLong clock) {
        this.clock = clock;
    }

    /** Runs every task due up to {@code untilMillis} (each at its due time + lateness), then sets the clock there. */
    void advanceTo(long untilMillis) {
        while (true) {
            Task next;
            synchronized (this) {
                next = tasks.peek();
                if (next == null || next.atMillis + lateMillis > untilMillis) {
                    break;
                }
                tasks.poll();
            }
            if (next.future.cancelled) {
                continue;
            }
            clock.set(Math.max(clock.get(), next.atMillis + lateMillis));
            runs++;
            next.run.run();
        }
        clock.set(Math.max(clock.get(), untilMillis));
    }

    void advance(long millis) {
        advanceTo(clock.get() + millis);
    }

    @Override
    public synchronized ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        FakeFuture f = new FakeFuture(clock.get() + unit.toMillis(delay));
        tasks.add(new Task(f.atMillis, seq++, command, f));
        return f;
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void execute(Runnable command) {
        schedule(command, 0, TimeUnit.MILLISECONDS);
    }

    @Override
    public void shutdown() {
    }

    @Override
    public List<Runnable> shutdownNow() {
        return new ArrayList<>();
    }

    @Override
    public boolean isShutdown() {
        return false;
    }

    @Override
    public boolean isTerminated() {
        return false;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return true;
    }

    private final class FakeFuture implements ScheduledFuture<Object> {
        final long atMillis;
        volatile boolean cancelled;

        FakeFuture(long atMillis) {
            this.atMillis = atMillis;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(atMillis - clock.get(), TimeUnit.MILLISECONDS);
        }

        @Override
        public int compareTo(Delayed o) {
            return Long.compare(getDelay(TimeUnit.MILLISECONDS), o.getDelay(TimeUnit.MILLISECONDS));
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            cancelled = true;
            return true;
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }

        @Override
        public boolean isDone() {
            return cancelled;
        }

        @Override
        public Object get() {
            return null;
        }

        @Override
        public Object get(long timeout, TimeUnit unit) {
            return null;
        }
    }
}
