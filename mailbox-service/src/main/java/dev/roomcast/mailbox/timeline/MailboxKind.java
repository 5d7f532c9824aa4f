package dev.roomcast.mailbox.timeline;

import dev.roomcast.mailbox.config.MailboxConfig;
import java.time.Duration;

/**
 * The kinds of mailbox; each is a LIST partition of the timeline with its own retention. GLOBAL holds the
 * broadcasts to every connection under the single mailbox id {@code global} (the mcast of the same name).
 */
public enum MailboxKind {
    ROOM("room"),
    GIFT("gift"),
    USER("user"),
    GLOBAL("global");

    /** The one mailbox of the GLOBAL kind. */
    public static final String GLOBAL_MBOX = "global";

    private final String prefix;

    MailboxKind(String prefix) {
        this.prefix = prefix;
    }

    /** The value of the {@code kind} column and the mbox id prefix before the colon. */
    public String prefix() {
        return prefix;
    }

    public String mboxOf(String id) {
        return prefix + ":" + id;
    }

    public Duration retention(MailboxConfig.Retention config) {
        return switch (this) {
            case ROOM -> Duration.ofDays(config.roomDays());
            case GIFT -> Duration.ofDays(config.giftDays());
            case USER -> Duration.ofDays(config.userDays());
            case GLOBAL -> Duration.ofDays(config.globalDays());
        };
    }

    /** @return the kind of {@code room:42}, or null when the prefix is unknown */
    public static MailboxKind ofMbox(String mboxId) {
        if (GLOBAL_MBOX.equals(mboxId)) {
            return GLOBAL;
        }
        int colon = mboxId.indexOf(':');
        if (colon <= 0) {
            return null;
        }
        String prefix = mboxId.substring(0, colon);
        for (MailboxKind kind : values()) {
            if (kind != GLOBAL && kind.prefix.equals(prefix)) {
                return kind;
            }
        }
        return null;
    }
}
