package dev.roomcast.scheduler;

import dev.roomcast.proto.v1.Message;
import dev.roomcast.proto.v1.MessageType;
import dev.roomcast.proto.v1.Sender;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One room's pending messages: the priority queue, conflation by key, the tick's ENTER/LIKE aggregates
 * and the immediate micro-batch. Every method runs under the room's monitor, held only for these
 * few in-memory steps (no I/O, no callbacks), so submitting event loops never wait long.
 * Fields marked "scheduler thread" are touched only by the thread running the ticks.
 */
final class RoomState {
    static final String ENTER_KEY = "enter";
    static final String LIKE_KEY = "like";
    /**
     * Slots per block for state updates beyond the danmaku limit. A handful covers what a live room
     * carries (online count, PK, likes, enters); a publisher inventing many conflate keys cannot use them
     * to get around the limit.
     */
    static final int STATE_SLOTS_PER_BLOCK = 4;

    final String roomId;
    final String mcastId;
    final long createdAtMillis;
    private final PriorityBuckets queue = new PriorityBuckets();
    private Map<String, Entry> byConflateKey;
    private Entry enterAggregate;
    private Entry likeAggregate;
    private List<Message> immediate;
    private boolean immediatePending;
    private boolean tickArmed;
    private long lastActivityMillis;
    volatile boolean removed;
    volatile long nextTickHintMillis;   // published copy of nextTickAtMillis for submitters' wake requests
    private long armedAtMillis;         // when the tick was last armed: its first message's acceptance
    private long generation;            // ticks taken so far; entries queued since the last one are "fresh"
    private int[] freshByType;          // fresh entries still queued, by MessageType ordinal (null until one is)

    // scheduler thread
    boolean initialized;
    long nextTickAtMillis;
    long nextOnlineAtMillis;
    long lastOnlineSent = -1;
    long lastOnlineSentAtMillis;
    long tickMillis;
    long blockSeq;
    long scheduleGeneration;

    RoomState(String roomId, long nowMillis) {
        this.roomId = roomId;
        this.mcastId = "room:" + roomId;
        this.createdAtMillis = nowMillis;
        this.lastActivityMillis = nowMillis;
    }

    /** Counts as activity (keeps the room from idling); false when the room was removed meanwhile. */
    synchronized boolean touch(long nowMillis) {
        lastActivityMillis = Math.max(lastActivityMillis, nowMillis);
        return !removed;
    }

    /** What an offer did; {@code armTick}/{@code armImmediate}: the scheduler must be told about this room. */
    record Offer(SubmitResult result, boolean armTick, boolean armImmediate) {
        static final Offer QUEUED = new Offer(SubmitResult.QUEUED, false, false);
        static final Offer QUEUED_ARM = new Offer(SubmitResult.QUEUED, true, false);
        static final Offer IMMEDIATE = new Offer(SubmitResult.IMMEDIATE, false, false);
        static final Offer IMMEDIATE_ARM = new Offer(SubmitResult.IMMEDIATE, false, true);
    }

    /** Adds to the micro-batch; null when the room was removed meanwhile (the caller retries on a fresh room). */
    synchronized Offer offerImmediate(Message message, long nowMillis, int capacity, Drops drops) {
        if (removed) {
            return null;
        }
        lastActivityMillis = nowMillis;
        if (immediate == null) {
            immediate = new ArrayList<>(4);
        }
        if (immediate.size() >= capacity) {
            drops.add(message.getType(), DropReason.OVERFLOW, 1);
            return new Offer(SubmitResult.DROPPED_OVERFLOW, false, false);
        }
        immediate.add(message);
        if (immediatePending) {
            return Offer.IMMEDIATE;
        }
        immediatePending = true;
        return Offer.IMMEDIATE_ARM;
    }

    /** Queues a message for the next tick: aggregate, conflate, or add with overflow eviction; null when removed. */
    synchronized Offer offer(Message message, int priority, long maxAgeMillis, long nowMillis, int capacity,
                             boolean activity, Drops drops) {
        if (removed) {
            return null;
        }
        if (activity) {
            lastActivityMillis = nowMillis;
        }
        long born = message.getCreatedAtMs() > 0 ? message.getCreatedAtMs() : nowMillis;
        MessageType type = message.getType();
        SubmitResult result = SubmitResult.QUEUED;
        if (type == MessageType.ENTER || type == MessageType.LIKE) {
            Entry agg = type == MessageType.ENTER ? enterAggregate : likeAggregate;
            int events = Math.max(1, message.getAggregateCount());
            if (agg != null) {
                agg.count += events;
                agg.bornAtMillis = Math.max(agg.bornAtMillis, born);
                agg.featured = featured(agg.featured, message.getSender());
                return Offer.QUEUED;
            }
            Entry e = new Entry(type, priority, maxAgeMillis, null, true, null, born);
            e.count = events;
            e.featured = message.hasSender() ? message.getSender() : null;
            if (!add(e, capacity, drops)) {
                return new Offer(SubmitResult.DROPPED_OVERFLOW, false, false);
            }
            if (type == MessageType.ENTER) {
                enterAggregate = e;
            } else {
                likeAggregate = e;
            }
            return arm(nowMillis);
        }
        String key = message.getConflateKey().isEmpty() ? null : message.getConflateKey();
        if (key != null && byConflateKey != null) {
            Entry old = byConflateKey.get(key);
            if (old != null) {
                drops.add(old.type, DropReason.CONFLATED, 1);
                result = SubmitResult.CONFLATED_PREVIOUS;
                if (old.priority == priority && old.type == type) {
                    old.message = message;   // keeps its place in the queue; newest full state wins
                    old.bornAtMillis = born;
                    return new Offer(result, false, false);
                }
                queue.remove(old);
                byConflateKey.remove(key);
                leftFresh(old);
            }
        }
        Entry e = new Entry(type, priority, maxAgeMillis, key, false, message, born);
        if (!add(e, capacity, drops)) {
            return new Offer(SubmitResult.DROPPED_OVERFLOW, false, false);
        }
        if (key != null) {
            if (byConflateKey == null) {
                byConflateKey = new HashMap<>(4);
            }
            byConflateKey.put(key, e);
        }
        Offer armed = arm(nowMillis);
        return result == SubmitResult.QUEUED ? armed : new Offer(result, armed.armTick(), false);
    }

    /**
     * Picks this tick's block: stale entries dropped, then highest priority first, oldest first, up to
     * {@code maxPerBlock} danmaku. State updates ({@link Entry#isState()}: one per conflate key or
     * aggregate) take no danmaku slot, up to {@link #STATE_SLOTS_PER_BLOCK} of them: the block limit
     * bounds what a viewer's screen must render per tick, and a PK score or an online count replaces a
     * widget's figure instead of adding a line. Without this, the online count every few seconds pushes a
     * chat out of a room that publishes exactly its block limit per tick.
     */
    synchronized List<Entry> takeBlock(long nowMillis, int maxPerBlock, Drops drops) {
        queue.removeHeadsWhile(e -> e.isStale(nowMillis), e -> dropped(e, DropReason.STALE, drops));
        List<Entry> picked = new ArrayList<>(Math.min(maxPerBlock + STATE_SLOTS_PER_BLOCK, queue.size()));
        int danmaku = 0;
        int states = 0;
        Entry e;
        while (danmaku < maxPerBlock && (e = queue.pollHighest()) != null) {
            forget(e);
            if (e.isStale(nowMillis)) {
                drops.add(e.type, DropReason.STALE, e.count);
            } else {
                picked.add(e);
                if (e.isState() && states < STATE_SLOTS_PER_BLOCK) {
                    states++;
                } else {
                    danmaku++;
                }
            }
        }
        // The danmaku slots are full: queued state updates still ride along in their own slots.
        while (states < STATE_SLOTS_PER_BLOCK && queuedStates() > 0 && (e = queue.pollHighestMatching(Entry::isState)) != null) {
            forget(e);
            if (e.isStale(nowMillis)) {
                drops.add(e.type, DropReason.STALE, e.count);
            } else {
                picked.add(e);
                states++;
            }
        }
        heldBack(drops);
        return picked;
    }

    /** State updates queued now: one per conflate key in the map, plus the enter and like aggregates. */
    private int queuedStates() {
        return (byConflateKey == null ? 0 : byConflateKey.size()) + (enterAggregate != null ? 1 : 0)
                + (likeAggregate != null ? 1 : 0);
    }

    /**
     * Whatever was queued since the previous tick and is still queued now missed the block it was owed: the
     * block limit (and higher priorities or older entries) kept it. Counted once per entry; then a new
     * generation starts.
     */
    private void heldBack(Drops drops) {
        if (freshByType != null) {
            MessageType[] types = MessageType.values();
            for (int i = 0; i < freshByType.length; i++) {
                if (freshByType[i] > 0) {
                    drops.held(types[i], freshByType[i]);
                    freshByType[i] = 0;
                }
            }
        }
        generation++;
    }

    private void leftFresh(Entry e) {
        if (e.generation == generation && freshByType != null && freshByType[e.type.ordinal()] > 0) {
            freshByType[e.type.ordinal()]--;
        }
    }

    /**
     * The lowest msgId still waiting in this room (queued for a tick or in the micro-batch), {@link Long#MAX_VALUE}
     * when none: a block's poll cursor must stay below it (priorities and the block limit send a later msgId first).
     */
    synchronized long lowestWaitingMsgId() {
        long lowest = queue.lowestMsgId();
        if (immediate != null) {
            for (Message m : immediate) {
                if (m.getMsgId() > 0 && m.getMsgId() < lowest) {
                    lowest = m.getMsgId();
                }
            }
        }
        return lowest;
    }

    synchronized List<Message> takeImmediate() {
        List<Message> out = immediate == null ? List.of() : immediate;
        immediate = null;
        immediatePending = false;
        return out;
    }

    /** After a tick: whether the room still has queued work; if not, the next submit re-arms the tick. */
    synchronized boolean keepArmed() {
        tickArmed = !queue.isEmpty();
        return tickArmed;
    }

    synchronized long lastActivityMillis() {
        return lastActivityMillis;
    }

    /** Marks the room removed when it has been idle long enough and holds nothing. */
    synchronized boolean removeIfIdle(long nowMillis, long idleMillis) {
        if (queue.isEmpty() && !immediatePending && nowMillis - lastActivityMillis >= idleMillis) {
            removed = true;
        }
        return removed;
    }

    /** Marks the room removed and drops everything it holds (reason REMOVED). */
    synchronized void removeAll(Drops drops) {
        removed = true;
        queue.drain(e -> dropped(e, DropReason.REMOVED, drops));
        byConflateKey = null;
        if (immediate != null) {
            immediate.forEach(m -> drops.add(m.getType(), DropReason.REMOVED, 1));
        }
        immediate = null;
    }

    synchronized int queuedCount() {
        return queue.size();
    }

    private boolean add(Entry e, int capacity, Drops drops) {
        if (queue.size() >= capacity) {
            if (e.priority < queue.lowestPriority()) {
                drops.add(e.type, DropReason.OVERFLOW, e.count);
                return false;
            }
            dropped(queue.pollLowest(), DropReason.OVERFLOW, drops);
        }
        queue.add(e);
        e.generation = generation;
        if (freshByType == null) {
            freshByType = new int[MessageType.values().length];
        }
        freshByType[e.type.ordinal()]++;
        return true;
    }

    private void dropped(Entry e, DropReason reason, Drops drops) {
        forget(e);
        drops.add(e.type, reason, e.count);
    }

    /** Unlinks an entry that left the queue from the conflation map, the aggregates and the fresh counts. */
    private void forget(Entry e) {
        leftFresh(e);
        if (e.conflateKey != null && byConflateKey != null && byConflateKey.get(e.conflateKey) == e) {
            byConflateKey.remove(e.conflateKey);
        }
        if (e == enterAggregate) {
            enterAggregate = null;
        } else if (e == likeAggregate) {
            likeAggregate = null;
        }
    }

    private Offer arm(long nowMillis) {
        if (tickArmed) {
            return Offer.QUEUED;
        }
        tickArmed = true;
        armedAtMillis = nowMillis;
        return Offer.QUEUED_ARM;
    }

    /** When the tick was last armed (the acceptance time of the message that armed it). */
    synchronized long armedAtMillis() {
        return armedAtMillis;
    }

    /** The highest-level named sender of the burst is the one shown. */
    private static Sender featured(Sender current, Sender candidate) {
        if (current == null || current.getAnonymous()) {
            return candidate;
        }
        if (candidate == null || candidate.getAnonymous()) {
            return current;
        }
        return candidate.getLevel() > current.getLevel() ? candidate : current;
    }
}
