package dev.roomcast.mailbox.poll;

import dev.roomcast.proto.v1.Message;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * When more messages wait than a poller may take, keep the highest-priority ones, newest first among
 * equals (vivo: a client renders 10-20 a second; what matters is what it shows). A total order on
 * (priority, msgId) makes the choice deterministic: the same cursor over the same window gives the same answer.
 *
 * <p>Linear, no sort on the poll path: the hot window hands candidates over newest first, priorities are
 * 0..255, so one pass counts them per priority, the cut-off priority follows, and a second pass (oldest
 * first) keeps what is above it plus the newest ones at it. Thousands of pollers of one room each run this.
 */
final class PrioritySelector {

    private static final int PRIORITIES = 256;

    private PrioritySelector() {
    }

    /** @return at most {@code limit} messages, in msgId order */
    static List<Message> select(List<Message> candidates, int limit) {
        List<Message> newestFirst = newestFirst(candidates);
        int n = newestFirst.size();
        if (n <= limit) {
            List<Message> all = new ArrayList<>(n);
            for (int i = n - 1; i >= 0; i--) {
                all.add(newestFirst.get(i));
            }
            return all;
        }
        int[] perPriority = new int[PRIORITIES];
        for (Message m : newestFirst) {
            perPriority[priority(m)]++;
        }
        int cutoff = PRIORITIES - 1;
        int above = 0;   // messages with a priority above the cut-off: all taken
        while (above + perPriority[cutoff] < limit) {
            above += perPriority[cutoff];
            cutoff--;
        }
        // At the cut-off priority only the newest (limit - above) are taken: mark how many to skip, oldest first.
        int skipAtCutoff = perPriority[cutoff] - (limit - above);
        List<Message> chosen = new ArrayList<>(limit);
        for (int i = n - 1; i >= 0; i--) {
            Message m = newestFirst.get(i);
            int p = priority(m);
            if (p > cutoff) {
                chosen.add(m);
            } else if (p == cutoff) {
                if (skipAtCutoff > 0) {
                    skipAtCutoff--;
                } else {
                    chosen.add(m);
                }
            }
        }
        return chosen;
    }

    private static int priority(Message m) {
        return Math.max(0, Math.min(PRIORITIES - 1, m.getPriority()));
    }

    /** The hot window's order as is; any other order (tests, other callers) is sorted once. */
    private static List<Message> newestFirst(List<Message> candidates) {
        for (int i = 1; i < candidates.size(); i++) {
            if (candidates.get(i).getMsgId() >= candidates.get(i - 1).getMsgId()) {
                List<Message> sorted = new ArrayList<>(candidates);
                sorted.sort(Comparator.comparingLong(Message::getMsgId).reversed());
                return sorted;
            }
        }
        return candidates;
    }
}
