package dev.roomcast.mailbox.retention;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roomcast.mailbox.timeline.MailboxKind;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class PartitionPlanTest {

    static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");

    @Test
    void wantsEveryDayFromRetentionAgoToAheadDays() {
        List<LocalDate> days = PartitionPlan.wanted(NOW, Duration.ofDays(3), 2);
        assertThat(days).first().isEqualTo(LocalDate.parse("2026-11-18"));
        assertThat(days).last().isEqualTo(LocalDate.parse("2026-11-23"));
        assertThat(days).hasSize(6);
    }

    @Test
    void dropsOnlyDaysThatEndedMoreThanOneRetentionAgo() {
        List<String> existing = List.of("message_room_d20261117", "message_room_d20261118", "message_room_d20261121",
                "message_room_default", "message_gift_d20261101");
        // Horizon 2026-11-18T10:00: the 17th ended before it (every row expired); the 18th did not.
        assertThat(PartitionPlan.expired(MailboxKind.ROOM, existing, NOW, Duration.ofDays(3)))
                .containsExactly("message_room_d20261117");
    }

    @Test
    void ignoresTablesItDidNotName() {
        assertThat(PartitionPlan.dayOf(MailboxKind.ROOM, "message_room_dXYZ")).isNull();
        assertThat(PartitionPlan.dayOf(MailboxKind.ROOM, "message_gift_d20261117")).isNull();
        assertThat(PartitionPlan.dayOf(MailboxKind.ROOM, "message_room_d20261117"))
                .isEqualTo(LocalDate.parse("2026-11-17"));
    }

    @Test
    void createsUtcDayRanges() {
        assertThat(PartitionPlan.createSql(MailboxKind.GIFT, LocalDate.parse("2026-12-31")))
                .isEqualTo("CREATE TABLE IF NOT EXISTS mailbox.message_gift_d20261231 PARTITION OF mailbox.message_gift"
                        + " FOR VALUES FROM ('2026-12-31 00:00:00+00') TO ('2027-01-01 00:00:00+00')");
    }
}
