package dev.roomcast.scheduler;

import dev.roomcast.proto.v1.Message;
import dev.roomcast.proto.v1.MessageType;
import dev.roomcast.proto.v1.Sender;

/** One queued message, or the running ENTER/LIKE aggregate of a tick. Guarded by its room's lock. */
final class Entry {
    final MessageType type;
    final int priority;
    final long maxAgeMillis;
    final String conflateKey;      // null when not conflated
    final boolean aggregate;
    Message message;               // null for an aggregate (materialized when picked)
    long bornAtMillis;             // age base: created_at_ms, or the submit time when unset; latest event for aggregates
    int count = 1;                 // events this entry stands for (aggregates: the burst size)
    Sender featured;               // aggregates: the sender named in "alice and 12 others entered"
    long generation;               // the room's tick generation when queued: left behind by that tick = held back

    Entry(MessageType type, int priority, long maxAgeMillis, String conflateKey, boolean aggregate, Message message,
          long bornAtMillis) {
        this.type = type;
        this.priority = priority;
        this.maxAgeMillis = maxAgeMillis;
        this.conflateKey = conflateKey;
        this.aggregate = aggregate;
        this.message = message;
        this.bornAtMillis = bornAtMillis;
    }

    /**
     * A state update (conflated on a key, or an enter/like aggregate): at most one per key is queued, and
     * the viewer shows it in a widget (PK bar, online count), not as a danmaku line.
     */
    boolean isState() {
        return conflateKey != null || aggregate;
    }

    boolean isStale(long nowMillis) {
        return nowMillis - bornAtMillis > maxAgeMillis;
    }
}
