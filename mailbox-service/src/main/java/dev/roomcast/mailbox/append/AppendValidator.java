package dev.roomcast.mailbox.append;

import dev.roomcast.mailbox.config.MailboxConfig;
import dev.roomcast.mailbox.support.ErrorCodes;
import dev.roomcast.mailbox.support.Ids;
import dev.roomcast.mailbox.support.MailboxException;
import dev.roomcast.mailbox.timeline.MailboxKind;
import dev.roomcast.mailbox.timeline.MessageMapper;
import dev.roomcast.mailbox.timeline.TimelineEntry;
import dev.roomcast.proto.v1.MailboxEntry;
import dev.roomcast.proto.v1.Message;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a batch entry by entry and turns the good ones into timeline entries with their effective expiry.
 * A bad entry is refused alone, with its code, so that one bad message never sinks the others queued with
 * it; the reply says per entry what happened, so a publisher never has to guess which half was stored.
 * Only a malformed batch as a whole (empty, too large) fails the call.
 */
@ApplicationScoped
public class AppendValidator {

    private final MailboxConfig config;
    private final Clock clock;

    public AppendValidator(MailboxConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    /** What became of one request entry before storing: to store, expired, or refused with a code. */
    public record Verdict(TimelineEntry entry, boolean expired, MailboxException refusal) {
    }

    /**
     * A validated batch: the entries to store (in request order), and a verdict per request entry.
     * {@code expired} counts entries already past their expiry (not stored), {@code rejected} the refused ones.
     */
    public record Validated(List<TimelineEntry> entries, List<Verdict> verdicts, int expired, int rejected) {
    }

    public Validated validate(List<MailboxEntry> batch) {
        MailboxConfig.Append limits = config.append();
        if (batch.isEmpty() || batch.size() > limits.maxBatchEntries()) {
            throw MailboxException.invalid(ErrorCodes.BAD_BATCH,
                    "a batch carries 1 to " + limits.maxBatchEntries() + " entries, got " + batch.size());
        }
        Instant now = clock.instant();
        List<TimelineEntry> entries = new ArrayList<>(batch.size());
        List<Verdict> verdicts = new ArrayList<>(batch.size());
        int expired = 0;
        int rejected = 0;
        for (int i = 0; i < batch.size(); i++) {
            TimelineEntry entry;
            try {
                entry = toEntry(i, batch.get(i), now, limits);
            } catch (MailboxException refusal) {
                verdicts.add(new Verdict(null, false, refusal));
                rejected++;
                continue;
            }
            if (entry.expireAt().isAfter(now)) {
                entries.add(entry);
                verdicts.add(new Verdict(entry, false, null));
            } else {
                verdicts.add(new Verdict(null, true, null));
                expired++;
            }
        }
        return new Validated(entries, verdicts, expired, rejected);
    }

    private TimelineEntry toEntry(int index, MailboxEntry raw, Instant now, MailboxConfig.Append limits) {
        MailboxKind kind = Ids.mbox(raw.getMboxId());
        Message m = raw.getMessage();
        if (m.getMsgId() <= 0) {
            throw bad(index, "msg_id must be positive");
        }
        if (m.getCreatedAtMs() <= 0) {
            throw bad(index, "created_at_ms must be set (it is part of the idempotency key)");
        }
        if (m.getCreatedAtMs() > now.toEpochMilli() + limits.futureSkewMillis()) {
            throw bad(index, "created_at_ms lies more than " + limits.futureSkewMillis() + " ms in the future");
        }
        if (m.getPriority() < 0 || m.getPriority() > 255 || m.getTtlMs() < 0) {
            throw bad(index, "priority must be 0..255 and ttl_ms non-negative");
        }
        if (kind == MailboxKind.ROOM && !m.getRoomId().isEmpty()
                && !raw.getMboxId().equals(MailboxKind.ROOM.mboxOf(m.getRoomId()))) {
            throw bad(index, "room message in " + raw.getMboxId() + " names room " + m.getRoomId());
        }
        int bodyBytes = utf8Length(m.getBody());
        if (bodyBytes > limits.bodyMaxBytes()) {
            throw MailboxException.invalid(ErrorCodes.BODY_TOO_LARGE, "entry " + index + ": body is " + bodyBytes
                    + " bytes, the limit is " + limits.bodyMaxBytes());
        }
        Duration retention = kind.retention(config.retention());
        long ttl = m.getTtlMs() == 0 ? retention.toMillis() : Math.min(m.getTtlMs(), retention.toMillis());
        Instant created = Instant.ofEpochMilli(m.getCreatedAtMs());
        Message.Builder stored = m.toBuilder().setTtlMs((int) Math.min(Integer.MAX_VALUE, ttl));
        if (kind == MailboxKind.ROOM && m.getRoomId().isEmpty()) {
            stored.setRoomId(raw.getMboxId().substring(MailboxKind.ROOM.prefix().length() + 1));
        }
        return new TimelineEntry(kind, raw.getMboxId(), MessageMapper.canonical(stored.build()), created,
                created.plusMillis(ttl));
    }

    private static MailboxException bad(int index, String why) {
        return MailboxException.invalid(ErrorCodes.BAD_MESSAGE, "entry " + index + ": " + why);
    }

    private static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
