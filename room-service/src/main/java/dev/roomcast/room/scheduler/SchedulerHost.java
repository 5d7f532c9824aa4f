package dev.roomcast.room.scheduler;

import dev.roomcast.proto.v1.Message;
import dev.roomcast.room.config.SchedulerConfig;
import dev.roomcast.room.ownership.RoomOwnership;
import dev.roomcast.room.publish.AllocationsInFlight;
import dev.roomcast.scheduler.BlockCodec;
import dev.roomcast.scheduler.BlockScheduler;
import dev.roomcast.scheduler.PriorityPolicy;
import dev.roomcast.scheduler.SchedulerSettings;
import dev.roomcast.scheduler.SubmitResult;
import dev.roomcast.scheduler.TimeSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs the block scheduler engine for the rooms this instance owns: one scheduled executor thread
 * for every room (the engine keeps a timer per active room, none for quiet ones). Every few seconds
 * rooms whose ownership moved to another instance are removed here, so a room has one scheduler.
 */
@Startup
@ApplicationScoped
public class SchedulerHost {

    static final long HOUSEKEEPING_MS = 2000;

    private final PriorityPolicy policy;
    private final SchedulerSettings settings;
    private final BlockScheduler scheduler;
    private final ScheduledExecutorService executor;
    private final RoomOwnership ownership;
    private final OnlineCounts onlineCounts;
    private final AllocationsInFlight allocations;
    /** roomId -> last submit (ms): the rooms that may hold scheduler state here. */
    private final Map<String, Long> rooms = new ConcurrentHashMap<>();

    public SchedulerHost(SchedulerConfig config, RouteBlockSink sink, OnlineCounts onlineCounts, DropMetrics drops,
                         RoomOwnership ownership, AllocationsInFlight allocations) {
        this.policy = SchedulerSettingsMapper.policy(config);
        this.settings = SchedulerSettingsMapper.settings(config);
        this.ownership = ownership;
        this.onlineCounts = onlineCounts;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "roomcast-scheduler");
            t.setDaemon(true);
            return t;
        });
        this.allocations = allocations;
        this.scheduler = new BlockScheduler(settings, policy, sink, onlineCounts, drops, TimeSource.SYSTEM, executor,
                BlockCodec.from(settings), allocations);
        executor.scheduleWithFixedDelay(this::housekeeping, HOUSEKEEPING_MS, HOUSEKEEPING_MS, TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        scheduler.close();
        executor.shutdownNow();
    }

    public PriorityPolicy policy() {
        return policy;
    }

    /** The codec in use: its dictionary (if any) is what clients must hold. */
    public BlockCodec codec() {
        return scheduler.codec();
    }

    public SchedulerSettings settings() {
        return settings;
    }

    public SubmitResult submit(Message message) {
        rooms.put(message.getRoomId(), System.currentTimeMillis());
        return scheduler.submit(message);
    }

    /** A viewer joined: if this instance owns the room, keep its scheduler active so online counts flow. */
    public void touchIfOwned(String roomId) {
        if (ownership.isSelf(ownership.ownerOf(roomId))) {
            rooms.put(roomId, System.currentTimeMillis());
            scheduler.touch(roomId);
        }
    }

    public int activeRooms() {
        return scheduler.activeRooms();
    }

    /** Drops rooms no longer owned here, and forgets rooms idle long enough for the engine to have removed them. */
    void housekeeping() {
        long now = System.currentTimeMillis();
        allocations.forgetIdle(now);
        Iterator<Map.Entry<String, Long>> it = rooms.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, Long> e = it.next();
            String roomId = e.getKey();
            if (!ownership.isSelf(ownership.ownerOf(roomId))) {
                if (scheduler.queuedMessages(roomId) > 0) {
                    // Accepted here (e.g. served while the owner's lease lapsed): let it drain before the
                    // room goes; the new owner may deliver the same msgIds too, clients de-duplicate.
                    continue;
                }
                scheduler.removeRoom(roomId);
                onlineCounts.forget(roomId);
                it.remove();
            } else if (now - e.getValue() > 2 * settings.idleRoomMillis()) {
                onlineCounts.forget(roomId);
                it.remove();
            }
        }
    }
}
