package dev.roomcast.mailbox.poll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class PollIntervalPolicyTest {

    @Test
    void parsesTiersAsMinOnlineToMillis() {
        TreeMap<Long, Integer> tiers = PollIntervalPolicy.parse("0=1500, 300=2000,10000=2500");
        assertThat(tiers.floorEntry(99L).getValue()).isEqualTo(1500);
        assertThat(tiers.floorEntry(300L).getValue()).isEqualTo(2000);
        assertThat(tiers.floorEntry(9_999L).getValue()).isEqualTo(2000);
        assertThat(tiers.floorEntry(300_000L).getValue()).isEqualTo(2500);
    }

    @Test
    void rejectsAMalformedTierAtStart() {
        assertThatThrownBy(() -> PollIntervalPolicy.parse("0:1500")).isInstanceOf(IllegalArgumentException.class);
    }
}
