package dev.roomcast.scheduler;

import dev.roomcast.proto.v1.Message;

import java.util.concurrent.ScheduledExecutorService;

/** API skeleton: implementation follows in the next commit. */
public final class BlockScheduler implements AutoCloseable {

    public BlockScheduler(SchedulerSettings settings, PriorityPolicy policy, BlockSink sink,
                          OnlineCountSource online, DropListener drops, TimeSource time,
                          ScheduledExecutorService executor) {
    }

    public SubmitResult submit(Message message) {
        throw new UnsupportedOperationException("not yet");
    }

    public void runDueTicks() {
        throw new UnsupportedOperationException("not yet");
    }

    public int activeRooms() {
        return 0;
    }

    public void removeRoom(String roomId) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public void close() {
    }
}
