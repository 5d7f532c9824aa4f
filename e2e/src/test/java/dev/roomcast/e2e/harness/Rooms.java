package dev.roomcast.e2e.harness;

import dev.roomcast.proto.v1.Message;
import dev.roomcast.proto.v1.MessageType;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** Room ids unique per run (the mailbox and gift ledger in PostgreSQL outlive a run) and message helpers. */
public final class Rooms {

    private Rooms() {
    }

    public static String unique(String scenario) {
        return "e2e-" + scenario + "-" + Long.toString(System.currentTimeMillis(), 36)
                + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20), 36);
    }

    public static List<Long> ids(List<Message> messages) {
        return messages.stream().map(Message::getMsgId).toList();
    }

    public static List<Message> ofType(List<Message> messages, MessageType type) {
        return messages.stream().filter(m -> m.getType() == type).toList();
    }
}
