package dev.roomcast.mailbox.retention;

import dev.roomcast.mailbox.timeline.MailboxKind;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Which daily partitions of one kind must exist and which may go. Pure (no I/O) so the rules are easy to read:
 * keep [today - retention, today + ahead]; drop a day once its end is older than the retention, because
 * then every row in it is past its expiry (expire_at <= created_at + retention).
 */
public final class PartitionPlan {

    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

    private PartitionPlan() {
    }

    public static String parent(MailboxKind kind) {
        return "message_" + kind.prefix();
    }

    public static String partitionName(MailboxKind kind, LocalDate day) {
        return parent(kind) + "_d" + DAY.format(day);
    }

    /** @return the day of a partition we named, or null for any other table */
    public static LocalDate dayOf(MailboxKind kind, String table) {
        String prefix = parent(kind) + "_d";
        if (!table.startsWith(prefix) || table.length() != prefix.length() + 8) {
            return null;
        }
        try {
            return LocalDate.parse(table.substring(prefix.length()), DAY);
        } catch (RuntimeException e) {
            return null;
        }
    }

    public static List<LocalDate> wanted(Instant now, Duration retention, int aheadDays) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        LocalDate first = LocalDate.ofInstant(now.minus(retention), ZoneOffset.UTC);
        List<LocalDate> days = new ArrayList<>();
        for (LocalDate d = first; !d.isAfter(today.plusDays(aheadDays)); d = d.plusDays(1)) {
            days.add(d);
        }
        return days;
    }

    public static List<String> expired(MailboxKind kind, Collection<String> existing, Instant now, Duration retention) {
        Instant horizon = now.minus(retention);
        List<String> drop = new ArrayList<>();
        for (String table : existing) {
            LocalDate day = dayOf(kind, table);
            if (day != null && !day.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC).isAfter(horizon)) {
                drop.add(table);
            }
        }
        return drop;
    }

    public static String createSql(MailboxKind kind, LocalDate day) {
        return "CREATE TABLE IF NOT EXISTS mailbox." + partitionName(kind, day) + " PARTITION OF mailbox."
                + parent(kind) + " FOR VALUES FROM ('" + day + " 00:00:00+00') TO ('" + day.plusDays(1)
                + " 00:00:00+00')";
    }
}
