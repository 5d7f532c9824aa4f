package dev.roomcast.client.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roomcast.proto.v1.ErrorCode;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void delaysDoubleWithinJitterBandUntilTheCeiling() {
        Backoff backoff = new Backoff(100, 3_000, 2.0, new SplittableRandom(7));
        long[] caps = {100, 200, 400, 800, 1600, 3000, 3000, 3000};
        for (long cap : caps) {
            long d = backoff.nextDelayMillis();
            assertThat(d).as("cap %d", cap).isBetween(cap / 2, cap);
        }
    }

    @Test
    void jitterSpreadsClientsCutAtTheSameMoment() {
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        SplittableRandom seeds = new SplittableRandom(1);
        for (int client = 0; client < 1000; client++) {
            Backoff backoff = new Backoff(1000, 60_000, 2.0, seeds.split());
            long d = backoff.nextDelayMillis();
            min = Math.min(min, d);
            max = Math.max(max, d);
        }
        assertThat(max - min).isGreaterThan(400);
    }

    @Test
    void resetStartsAgainFromTheBaseDelay() {
        Backoff backoff = new Backoff(100, 10_000, 2.0, new SplittableRandom(3));
        for (int i = 0; i < 6; i++) {
            backoff.nextDelayMillis();
        }
        backoff.reset();
        assertThat(backoff.nextDelayMillis()).isBetween(50L, 100L);
    }

    @Test
    void manyFailuresNeitherOverflowNorExceedTheCeiling() {
        Backoff backoff = new Backoff(10, 5_000, 3.0, new SplittableRandom(5));
        for (int i = 0; i < 8; i++) {
            backoff.nextDelayMillis();
        }
        for (int i = 0; i < 500; i++) {
            assertThat(backoff.nextDelayMillis()).isBetween(2_500L, 5_000L);
        }
    }

    @Test
    void rejectsNonsenseSettings() {
        assertThatThrownBy(() -> new Backoff(0, 10, 2, new SplittableRandom())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(100, 10, 2, new SplittableRandom())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void errorCodeRangesDecideWhatTheClientDoes() {
        assertThat(ErrorClass.of(ErrorCode.RATE_LIMITED)).isEqualTo(ErrorClass.REQUEST);
        assertThat(ErrorClass.of(ErrorCode.UNAVAILABLE)).isEqualTo(ErrorClass.REQUEST);
        assertThat(ErrorClass.of(ErrorCode.SLOW)).isEqualTo(ErrorClass.RECONNECT);
        assertThat(ErrorClass.of(ErrorCode.RECONNECT)).isEqualTo(ErrorClass.RECONNECT);
        assertThat(ErrorClass.of(4499)).isEqualTo(ErrorClass.RECONNECT);
        assertThat(ErrorClass.of(ErrorCode.UNAUTHORIZED)).isEqualTo(ErrorClass.TERMINAL);
        assertThat(ErrorClass.of(ErrorCode.KICKED)).isEqualTo(ErrorClass.TERMINAL);
        assertThat(ErrorClass.of(4999)).isEqualTo(ErrorClass.TERMINAL);
        assertThat(ErrorClass.of(1006)).as("abnormal WebSocket closure").isEqualTo(ErrorClass.RECONNECT);
        assertThat(ErrorClass.of(0)).as("network loss").isEqualTo(ErrorClass.RECONNECT);
    }
}
