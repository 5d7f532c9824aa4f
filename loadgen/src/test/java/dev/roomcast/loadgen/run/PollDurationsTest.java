package dev.roomcast.loadgen.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class PollDurationsTest {

    private static Map<Double, Double> buckets(double le1ms, double le5ms, double le20ms, double inf) {
        Map<Double, Double> m = new TreeMap<>();
        m.put(0.001, le1ms);
        m.put(0.005, le5ms);
        m.put(0.02, le20ms);
        m.put(Double.POSITIVE_INFINITY, inf);
        return m;
    }

    @Test
    void percentilesOfTheSpanComeFromTheDifferenceOfTwoScrapes() {
        // Before the span: 1,000 polls, all under 1 ms. In the span: 100 polls, 90 ≤ 1 ms, 9 more ≤ 5 ms, 1 ≤ 20 ms.
        Map<String, Object> span = PollDurations.between(buckets(1000, 1000, 1000, 1000), buckets(1090, 1099, 1100, 1100));
        assertThat(span).containsEntry("polls", 100L).containsEntry("p50AtMostMs", 1.0).containsEntry("p99AtMostMs", 5.0)
                .containsEntry("p999AtMostMs", 20.0);
    }

    @Test
    void aTailPastTheLastBoundIsSaidSoAndNoPollsSayNone() {
        assertThat(PollDurations.between(buckets(0, 0, 0, 0), buckets(0, 0, 0, 10))).containsEntry("p50AtMostMs", "over 20");
        assertThat(PollDurations.between(buckets(5, 5, 5, 5), buckets(5, 5, 5, 5))).containsEntry("p99AtMostMs", "none");
    }
}
