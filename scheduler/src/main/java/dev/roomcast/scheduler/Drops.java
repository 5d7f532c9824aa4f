package dev.roomcast.scheduler;

import dev.roomcast.proto.v1.MessageType;

import java.util.ArrayList;
import java.util.List;

/** Drops (and messages held back by a full block) gathered under a room's lock, reported to the listener after it is released. */
final class Drops {
    record Drop(MessageType type, DropReason reason, int count) {
    }

    record Held(MessageType type, int count) {
    }

    private List<Drop> drops;
    private List<Held> held;

    void add(MessageType type, DropReason reason, int count) {
        if (drops == null) {
            drops = new ArrayList<>(4);
        }
        for (int i = 0; i < drops.size(); i++) {   // one callback per (type, reason), not per message
            Drop d = drops.get(i);
            if (d.type() == type && d.reason() == reason) {
                drops.set(i, new Drop(type, reason, d.count() + count));
                return;
            }
        }
        drops.add(new Drop(type, reason, count));
    }

    /** One call per type per tick. */
    void held(MessageType type, int count) {
        if (held == null) {
            held = new ArrayList<>(2);
        }
        held.add(new Held(type, count));
    }

    void reportTo(String roomId, DropListener listener) {
        if (drops != null) {
            for (Drop d : drops) {
                listener.dropped(roomId, d.type(), d.reason(), d.count());
            }
            drops = null;
        }
        if (held != null) {
            for (Held h : held) {
                listener.heldBack(roomId, h.type(), h.count());
            }
            held = null;
        }
    }

    boolean isEmpty() {
        return drops == null && held == null;
    }
}
