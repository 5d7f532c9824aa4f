package dev.roomcast.scheduler;

import dev.roomcast.proto.v1.Message;
import dev.roomcast.proto.v1.MessageType;
import dev.roomcast.proto.v1.Sender;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Per room, one block per tick of at most {@code maxPerBlock} messages, highest priority first then oldest;
 * immediate messages after a micro-batch; bounded queues, stale drop, conflation, ENTER/LIKE aggregation,
 * periodic ONLINE_COUNT, idle rooms removed. All rooms share one timer: the executor runs
 * {@link #runDueTicks()} when the earliest room is due and sleeps otherwise, so quiet rooms cost a heap slot.
 * <p>
 * {@code submit} is thread-safe and never blocks beyond a room's short monitor. Ticks, the sink, the online
 * count source and stale/removal drop reports run on the tick thread. With a null executor nothing runs by
 * itself: call {@link #runDueTicks()} (tests with a fake clock).
 */
public final class BlockScheduler implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(BlockScheduler.class.getName());
    static final String ONLINE_KEY = "online";
    /** An unchanged online count is sent again after this long. */
    static final long ONLINE_COUNT_REPEAT_MILLIS = 30_000;

    private record ImmediateDue(RoomState room, long atMillis) {
    }

    private final SchedulerSettings settings;
    private final PriorityPolicy policy;
    private final BlockSink sink;
    private final OnlineCountSource online;
    private final DropListener drops;
    private final TimeSource time;
    private final ScheduledExecutorService executor;
    private final BlockCodec codec;
    private final BlockBuilder builder;
    private final UnsubmittedMsgIds unsubmitted;
    private final ConcurrentHashMap<String, RoomState> rooms = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<RoomState> armedRooms = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<ImmediateDue> immediateRooms = new ConcurrentLinkedQueue<>();
    private final ArrayDeque<ImmediateDue> immediateWaiting = new ArrayDeque<>();   // tick thread
    private final DueRooms due = new DueRooms();                                     // tick thread
    private final ReentrantLock tickLock = new ReentrantLock();
    private final AtomicLong wakeAtMillis = new AtomicLong(Long.MAX_VALUE);
    private volatile ScheduledFuture<?> wakeFuture;
    private volatile boolean closed;
    private long roomVisits;   // tick thread; lets tests show that quiet rooms are not visited

    public BlockScheduler(SchedulerSettings settings, PriorityPolicy policy, BlockSink sink,
                          OnlineCountSource online, DropListener drops, TimeSource time,
                          ScheduledExecutorService executor) {
        this(settings, policy, sink, online, drops, time, executor, BlockCodec.from(settings));
    }

    public BlockScheduler(SchedulerSettings settings, PriorityPolicy policy, BlockSink sink,
                          OnlineCountSource online, DropListener drops, TimeSource time,
                          ScheduledExecutorService executor, BlockCodec codec) {
        this(settings, policy, sink, online, drops, time, executor, codec, UnsubmittedMsgIds.NONE);
    }

    /** {@code unsubmitted}: the publisher's msgIds on their way here, which blocks' poll cursors stay below. */
    public BlockScheduler(SchedulerSettings settings, PriorityPolicy policy, BlockSink sink,
                          OnlineCountSource online, DropListener drops, TimeSource time,
                          ScheduledExecutorService executor, BlockCodec codec, UnsubmittedMsgIds unsubmitted) {
        this.unsubmitted = unsubmitted;
        this.settings = settings;
        this.policy = policy.withMaxAgeMillis(settings.maxAgeMillis());
        this.sink = sink;
        this.online = online;
        this.drops = drops == null ? DropListener.NONE : drops;
        this.time = time;
        this.executor = executor;
        this.codec = codec;
        this.builder = new BlockBuilder(codec, sink);
    }

    /**
     * Queues a message for its room ({@code message.room_id}, required). Priority 0 means "from the policy"
     * (GIFT then ranks as the lowest value tier: set the priority when the value is known).
     */
    public SubmitResult submit(Message message) {
        if (closed) {
            return SubmitResult.REJECTED_CLOSED;
        }
        String roomId = message.getRoomId();
        if (roomId.isEmpty()) {
            throw new IllegalArgumentException("message.room_id is required");
        }
        long now = time.nowMillis();
        MessageType type = message.getType();
        Sender sender = message.hasSender() ? message.getSender() : null;   // no sender ranks as anonymous
        int priority = message.getPriority() > 0 ? PriorityPolicy.clamp(message.getPriority())
                : policy.priorityOf(type, sender, 0, 0);
        boolean immediate = priority >= settings.immediatePriority();
        if (immediate && message.getPriority() != priority) {
            message = message.toBuilder().setPriority(priority).build();
        }
        long maxAge = policy.maxAgeMillis(type, sender);
        Drops dropped = new Drops();
        RoomState room;
        RoomState.Offer offer;
        do {
            room = roomFor(roomId, now);
            offer = immediate
                    ? room.offerImmediate(message, now, settings.roomQueueCapacity(), dropped)
                    : room.offer(message, priority, maxAge, now, settings.roomQueueCapacity(), true, dropped);
        } while (offer == null);   // the room was removed meanwhile: a fresh one takes the message
        dropped.reportTo(roomId, drops);
        if (offer.armTick()) {
            armedRooms.add(room);
            requestWake(Math.max(now, room.nextTickHintMillis));
        }
        if (offer.armImmediate()) {
            long at = now + settings.microBatchMillis();
            immediateRooms.add(new ImmediateDue(room, at));
            requestWake(at);
        }
        return offer.result();
    }

    /** Keeps a room active (online counts flow) without a message, e.g. when a viewer joins. */
    public void touch(String roomId) {
        if (!closed) {
            RoomState room;
            do {
                room = roomFor(roomId, time.nowMillis());
            } while (!room.touch(time.nowMillis()));
        }
    }

    /** Runs every tick, micro-batch flush, online count and idle check that is due now. */
    public void runDueTicks() {
        if (closed) {
            return;
        }
        tickLock.lock();
        try {
            long now = time.nowMillis();
            RoomState armed;
            while ((armed = armedRooms.poll()) != null) {
                if (!armed.removed) {
                    init(armed);
                    reschedule(armed, now);
                }
            }
            ImmediateDue im;
            while ((im = immediateRooms.poll()) != null) {
                immediateWaiting.add(im);
            }
            while (!immediateWaiting.isEmpty() && immediateWaiting.peek().atMillis() <= now) {
                flushImmediate(immediateWaiting.poll().room(), now);
            }
            RoomState room;
            while ((room = due.pollDue(now)) != null) {
                try {
                    tick(room, now);
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.ERROR, "tick failed for room " + room.roomId, e);
                    due.schedule(room, now + settings.tickMillis());   // retry later, never spin on a failing room
                }
            }
        } finally {
            long next = Math.min(due.nextDueMillis(),
                    immediateWaiting.isEmpty() ? Long.MAX_VALUE : immediateWaiting.peek().atMillis());
            tickLock.unlock();
            if (next != Long.MAX_VALUE) {
                requestWake(next);
            }
        }
    }

    long roomVisits() {
        tickLock.lock();
        try {
            return roomVisits;
        } finally {
            tickLock.unlock();
        }
    }

    public int activeRooms() {
        return rooms.size();
    }

    /** Messages waiting for a tick in this room (0 when the room is not active). */
    public int queuedMessages(String roomId) {
        RoomState room = rooms.get(roomId);
        return room == null ? 0 : room.queuedCount();
    }

    /**
     * Ownership moved away: forgets the room. Whatever it still held is reported to the DropListener with
     * reason REMOVED (persisted messages remain recoverable from the mailbox).
     */
    public void removeRoom(String roomId) {
        RoomState room = rooms.remove(roomId);
        if (room != null) {
            Drops dropped = new Drops();
            room.removeAll(dropped);
            dropped.reportTo(roomId, drops);
        }
    }

    /** The codec in use (room-service serves {@code codec().dictionary()} by {@code dictionaryId()}). */
    public BlockCodec codec() {
        return codec;
    }

    /** Stops ticking; pending messages are reported as REMOVED. The executor belongs to the caller. */
    @Override
    public void close() {
        closed = true;
        ScheduledFuture<?> f = wakeFuture;
        if (f != null) {
            f.cancel(false);
        }
        for (String roomId : List.copyOf(rooms.keySet())) {
            removeRoom(roomId);
        }
    }

    private RoomState roomFor(String roomId, long now) {
        return rooms.computeIfAbsent(roomId, id -> {
            RoomState created = new RoomState(id, now);
            armedRooms.add(created);   // the tick thread sets its grid and idle check
            requestWake(now);
            return created;
        });
    }

    private void tick(RoomState room, long now) {
        roomVisits++;
        init(room);
        Drops dropped = new Drops();
        if (now >= room.nextOnlineAtMillis) {
            long count = onlineCount(room);
            room.tickMillis = settings.tickMillisFor(count);
            // A count viewers already have is repeated only every ONLINE_COUNT_REPEAT_MILLIS: a quiet small room
            // then costs one block per half minute, not one per interval (a new viewer gets it in JoinOk).
            if (count != room.lastOnlineSent || now - room.lastOnlineSentAtMillis >= ONLINE_COUNT_REPEAT_MILLIS) {
                room.offer(onlineCountMessage(room.roomId, count, now), policy.priorityOf(MessageType.ONLINE_COUNT, null, 0, 0),
                        policy.maxAgeMillis(MessageType.ONLINE_COUNT), now, settings.roomQueueCapacity(), false, dropped);
                room.lastOnlineSent = count;
                room.lastOnlineSentAtMillis = now;
            }
            room.nextOnlineAtMillis = now + settings.onlineCountIntervalMillis();
        }
        if (now >= room.nextTickAtMillis) {
            // Read before the take: a msgId submitted after this read is queued by the take, and seen there.
            long onTheWay = unsubmitted.lowestPossible(room.roomId);
            List<Entry> picked = room.takeBlock(now, settings.maxPerBlock(), dropped);
            if (!picked.isEmpty()) {
                builder.emitQueued(room, picked, now, cursorCap(onTheWay, room.lowestWaitingMsgId()));
            }
            room.nextTickAtMillis += room.tickMillis;
            if (room.nextTickAtMillis <= now) {   // ran late by a whole tick: skip the missed slots, never two blocks at once
                room.nextTickAtMillis = now + room.tickMillis;
            }
        }
        dropped.reportTo(room.roomId, drops);
        if (room.removeIfIdle(now, settings.idleRoomMillis())) {
            rooms.remove(room.roomId, room);
            return;
        }
        reschedule(room, now);
    }

    private void flushImmediate(RoomState room, long now) {
        long onTheWay = unsubmitted.lowestPossible(room.roomId);
        List<Message> batch = room.takeImmediate();
        if (batch.isEmpty() || room.removed) {
            return;
        }
        init(room);
        List<Message> sorted = new ArrayList<>(batch);
        sorted.sort(Comparator.comparingInt(Message::getPriority).reversed());   // stable: oldest first within a priority
        long waiting = Math.min(onTheWay, room.lowestWaitingMsgId());
        int per = settings.maxPerBlock();
        // A chunk's cursor also stays below the chunks after it (sent next, but a lower priority may hold a lower msgId).
        long[] lowestAfter = new long[(sorted.size() + per - 1) / per + 1];
        lowestAfter[lowestAfter.length - 1] = Long.MAX_VALUE;
        for (int c = lowestAfter.length - 2; c >= 0; c--) {
            long low = lowestAfter[c + 1];
            for (int i = c * per; i < Math.min(sorted.size(), (c + 1) * per); i++) {
                long id = sorted.get(i).getMsgId();
                if (id > 0 && id < low) {
                    low = id;
                }
            }
            lowestAfter[c] = low;
        }
        for (int c = 0, from = 0; from < sorted.size(); c++, from += per) {
            builder.emit(room, sorted.subList(from, Math.min(sorted.size(), from + per)), now, true,
                    cursorCap(waiting, lowestAfter[c + 1]));
        }
    }

    /** The highest poll cursor a block may carry: below every msgId still to come (on its way or waiting here). */
    static long cursorCap(long onTheWay, long waiting) {
        long lowest = Math.min(onTheWay, waiting);
        return lowest == Long.MAX_VALUE ? Long.MAX_VALUE : lowest - 1;
    }

    private void init(RoomState room) {
        if (room.initialized) {
            return;
        }
        long created = room.createdAtMillis;
        room.tickMillis = settings.tickMillisFor(onlineCount(room));
        room.nextTickAtMillis = created + room.tickMillis;
        room.nextOnlineAtMillis = created + settings.onlineCountIntervalMillis();
        room.blockSeq = created * 1000;   // increasing per mcast even across idle removal and re-creation
        room.initialized = true;
    }

    /** The room's online count; 0 when the source fails (a broken source must not stop the room's ticks). */
    private long onlineCount(RoomState room) {
        try {
            return Math.max(0, online.onlineCount(room.roomId));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "online count failed for room " + room.roomId, e);
            return 0;
        }
    }

    /** Next wake-up of a room: its tick when something is queued, else its online count or idle deadline. */
    private void reschedule(RoomState room, long now) {
        if (room.nextTickAtMillis < now) {
            // Quiet slots passed. The slot a message is owed is the first on the room's grid at or after its
            // acceptance (when it armed the tick), not after this wake-up: a wake-up that runs a few ms late
            // must not push it to the following slot. A slot already due is taken now (a late tick).
            long from = Math.min(now, Math.max(room.nextTickAtMillis, room.armedAtMillis()));
            long behind = from - room.nextTickAtMillis;
            room.nextTickAtMillis += ((behind + room.tickMillis - 1) / room.tickMillis) * room.tickMillis;
        }
        room.nextTickHintMillis = room.nextTickAtMillis;
        long at = room.nextOnlineAtMillis;
        if (room.keepArmed()) {
            at = Math.min(at, room.nextTickAtMillis);
        } else {   // not before the next millisecond: a room that cannot be removed yet must not spin
            at = Math.max(now + 1, Math.min(at, room.lastActivityMillis() + settings.idleRoomMillis()));
        }
        due.schedule(room, Math.max(at, now));
    }

    private void requestWake(long atMillis) {
        if (executor == null || closed) {
            return;
        }
        long current;
        do {
            current = wakeAtMillis.get();
            if (atMillis >= current) {
                return;   // an earlier wake-up is already set and will reschedule what follows
            }
        } while (!wakeAtMillis.compareAndSet(current, atMillis));
        try {
            wakeFuture = executor.schedule(this::wake, Math.max(0, atMillis - time.nowMillis()), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.log(System.Logger.Level.WARNING, "scheduler executor rejected a wake-up; ticks stop", e);
        }
    }

    private void wake() {
        wakeAtMillis.set(Long.MAX_VALUE);
        try {
            runDueTicks();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "scheduler wake-up failed", e);
        }
    }

    static Message onlineCountMessage(String roomId, long count, long now) {
        return Message.newBuilder().setRoomId(roomId).setType(MessageType.ONLINE_COUNT)
                .setBody(Long.toString(count)).setCreatedAtMs(now).setConflateKey(ONLINE_KEY).build();
    }
}
