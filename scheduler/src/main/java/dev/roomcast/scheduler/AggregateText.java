package dev.roomcast.scheduler;

import dev.roomcast.proto.v1.Sender;

import java.util.Locale;

/** Bodies of aggregated ENTER/LIKE messages: "alice and 1,233 others entered", "+5,812 likes". */
final class AggregateText {
    private AggregateText() {
    }

    static String entered(Sender featured, int count) {
        String who = nameOf(featured);
        if (count <= 1) {
            return who + " entered";
        }
        int others = count - 1;
        return String.format(Locale.ROOT, "%s and %,d %s entered", who, others, others == 1 ? "other" : "others");
    }

    static String likes(int count) {
        return String.format(Locale.ROOT, "+%,d %s", count, count == 1 ? "like" : "likes");
    }

    private static String nameOf(Sender sender) {
        if (sender == null || sender.getAnonymous()) {
            return "a viewer";
        }
        if (!sender.getNickname().isEmpty()) {
            return sender.getNickname();
        }
        return sender.getUserId().isEmpty() ? "a viewer" : sender.getUserId();
    }
}
