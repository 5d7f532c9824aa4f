package dev.roomcast.mailbox.poll;

import dev.roomcast.proto.v1.Message;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * When more messages wait than a poller may take, keep the highest-priority ones, newest first among
 * equals (vivo: a client renders 10-20 a second; what matters is what it shows). A total order on
 * (priority, msgId) makes the choice deterministic: the same cursor over the same window gives the same answer.
 */
final class PrioritySelector {

    private static final Comparator<Message> MOST_WANTED = Comparator.comparingInt(Message::getPriority).reversed()
            .thenComparing(Comparator.comparingLong(Message::getMsgId).reversed());

    private PrioritySelector() {
    }

    /** @return at most {@code limit} messages, in msgId order */
    static List<Message> select(List<Message> candidates, int limit) {
        List<Message> chosen = new ArrayList<>(candidates);
        if (chosen.size() > limit) {
            chosen.sort(MOST_WANTED);
            chosen = new ArrayList<>(chosen.subList(0, limit));
        }
        chosen.sort(Comparator.comparingLong(Message::getMsgId));
        return chosen;
    }
}
