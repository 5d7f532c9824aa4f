package dev.roomcast.scheduler;

import dev.roomcast.proto.v1.MessageType;

import java.util.ArrayList;
import java.util.List;

/** Drops gathered under a room's lock, reported to the listener after it is released. */
final class Drops {
    record Drop(MessageType type, DropReason reason, int count) {
    }

    private List<Drop> drops;

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

    void reportTo(String roomId, DropListener listener) {
        if (drops == null) {
            return;
        }
        for (Drop d : drops) {
            listener.dropped(roomId, d.type(), d.reason(), d.count());
        }
        drops = null;
    }

    boolean isEmpty() {
        return drops == null;
    }
}
