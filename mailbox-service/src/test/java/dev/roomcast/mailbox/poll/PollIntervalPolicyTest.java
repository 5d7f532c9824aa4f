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

    @Test
    void intervalRisesWithPollRateAboveComfortableAndIsBounded() {
        long[] now = {10_000};
        PollLoad load = new PollLoad(() -> now[0]);
        PollIntervalPolicy policy = new PollIntervalPolicy(PollIntervalPolicy.parse("0=1500,300=2000"), 1500, 100, 3.0, load);
        assertThat(policy.intervalMillis(500)).as("idle: the tier alone").isEqualTo(2000);

        for (int i = 0; i < 200; i++) {
            load.record();                      // 200 polls within one second: twice the comfortable rate
        }
        now[0] += 1000;                         // that second is now the last full one
        assertThat(policy.loadFactor()).isEqualTo(2.0);
        assertThat(policy.intervalMillis(500)).isEqualTo(4000);

        for (int i = 0; i < 1000; i++) {
            load.record();
        }
        assertThat(policy.intervalMillis(50)).as("bounded by load-max-factor").isEqualTo(4500);

        now[0] += 5000;                         // quiet for seconds: back to the tier
        assertThat(policy.intervalMillis(500)).isEqualTo(2000);
    }

    @Test
    void zeroComfortableRateTurnsTheLoadFactorOff() {
        PollLoad load = new PollLoad(() -> 0L);
        PollIntervalPolicy policy = new PollIntervalPolicy(PollIntervalPolicy.parse("0=1500"), 1500, 0, 4.0, load);
        for (int i = 0; i < 10_000; i++) {
            load.record();
        }
        assertThat(policy.intervalMillis(10)).isEqualTo(1500);
    }

    @Test
    void intervalRisesWhenPollsQueueEvenAtARateTheConfigCallsComfortable() {
        long[] now = {10_000};
        PollLatency latency = new PollLatency(() -> now[0]);
        PollIntervalPolicy policy = new PollIntervalPolicy(PollIntervalPolicy.parse("0=1500,300=2000"), 1500, 5000, 4.0,
                new PollLoad(() -> now[0]), 200, latency);
        for (int i = 0; i < 100; i++) {
            policy.answered(50_000_000L);     // 50 ms: well within the 200 ms target
        }
        now[0] += 1000;
        assertThat(policy.intervalMillis(500)).as("fast polls: the tier").isEqualTo(2000);

        for (int i = 0; i < 100; i++) {
            policy.answered(600_000_000L);    // 600 ms each: polls wait in a queue on a busy machine
        }
        now[0] += 1000;
        assertThat(policy.loadFactor()).isEqualTo(3.0);
        assertThat(policy.intervalMillis(500)).isEqualTo(6000);

        now[0] += 5000;                       // quiet again: back to the tier
        assertThat(policy.intervalMillis(500)).isEqualTo(2000);
    }
}
