package dev.roomcast.scheduler;

import dev.roomcast.proto.v1.MessageType;
import dev.roomcast.proto.v1.Sender;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PriorityPolicyTest {
    private final PriorityPolicy policy = PriorityPolicy.defaults();
    private final Sender level30 = Sender.newBuilder().setUserId("u").setLevel(30).build();
    private final Sender anonymous = Sender.newBuilder().setUserId("d").setAnonymous(true).build();

    @Test
    void defaultsFollowTheDesignTable() {
        assertThat(policy.priorityOf(MessageType.SYSTEM, null, 0, 0)).isEqualTo(250);
        assertThat(policy.priorityOf(MessageType.GIFT, level30, 100_000, 0)).isEqualTo(220);
        assertThat(policy.priorityOf(MessageType.GIFT, level30, 10, 0)).isEqualTo(180);
        assertThat(policy.priorityOf(MessageType.GIFT, level30, 1_000, 0)).isEqualTo(190);
        assertThat(policy.priorityOf(MessageType.GIFT, level30, 10_000, 0)).isEqualTo(200);
        assertThat(policy.priorityOf(MessageType.PK, null, 0, 0)).isEqualTo(170);
        assertThat(policy.priorityOf(MessageType.ONLINE_COUNT, null, 0, 0)).isEqualTo(160);
        assertThat(policy.priorityOf(MessageType.NOTIFY, null, 0, 0)).isEqualTo(150);
        assertThat(policy.priorityOf(MessageType.CHAT, level30, 0, 0)).isEqualTo(130);
        assertThat(policy.priorityOf(MessageType.CHAT, Sender.newBuilder().setLevel(99).build(), 0, 0)).isEqualTo(160);
        assertThat(policy.priorityOf(MessageType.CHAT, anonymous, 0, 0)).isEqualTo(60);
        assertThat(policy.priorityOf(MessageType.ENTER, level30, 0, 0)).isEqualTo(40);
        assertThat(policy.priorityOf(MessageType.LIKE, null, 0, 0)).isEqualTo(40);
        assertThat(policy.priorityOf(MessageType.PRIVATE, null, 0, 0)).isEqualTo(200);
        assertThat(policy.maxAgeMillis(MessageType.CHAT)).isEqualTo(3000);
        assertThat(policy.maxAgeMillis(MessageType.CHAT, anonymous)).isEqualTo(2000);
        assertThat(policy.maxAgeMillis(MessageType.SYSTEM)).isEqualTo(60_000);
        assertThat(policy.isPersisted(MessageType.CHAT)).isTrue();
        assertThat(policy.isPersisted(MessageType.PK)).isFalse();
        assertThat(policy.isPersisted(MessageType.ONLINE_COUNT)).isFalse();
    }

    @Test
    void publisherOverrideWinsClampedTo1To255() {
        assertThat(policy.priorityOf(MessageType.LIKE, null, 0, 240)).isEqualTo(240);
        assertThat(policy.priorityOf(MessageType.CHAT, null, 0, 4000)).isEqualTo(255);
    }

    @Test
    void isConfigurable() {
        PriorityPolicy custom = policy.withBasePriority(MessageType.PK, 90)
                .withMaxAgeMillis(Map.of(MessageType.CHAT, 10_000L))
                .withGiftTiers(new long[] {0, 5}, new int[] {120, 230})
                .withPersisted(MessageType.PK, true);
        assertThat(custom.priorityOf(MessageType.PK, null, 0, 0)).isEqualTo(90);
        assertThat(custom.maxAgeMillis(MessageType.CHAT)).isEqualTo(10_000);
        assertThat(custom.priorityOf(MessageType.GIFT, null, 5, 0)).isEqualTo(230);
        assertThat(custom.isPersisted(MessageType.PK)).isTrue();
    }
}
