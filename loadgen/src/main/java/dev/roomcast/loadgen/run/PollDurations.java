package dev.roomcast.loadgen.run;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Percentiles of the polls answered between two scrapes of a cumulative Prometheus histogram
 * ({@code le} bound in seconds -> count): the difference of the bucket counts is that span's histogram,
 * and a percentile is reported as the upper bound of the bucket it falls in (so "p99 ≤ 20 ms").
 */
final class PollDurations {

    private PollDurations() {
    }

    static Map<String, Object> between(Map<Double, Double> before, Map<Double, Double> after) {
        TreeMap<Double, Double> span = new TreeMap<>();
        after.forEach((bound, count) -> span.put(bound, count - before.getOrDefault(bound, 0.0)));
        Map<String, Object> out = new LinkedHashMap<>();
        double total = span.isEmpty() ? 0 : span.lastEntry().getValue();
        out.put("polls", (long) total);
        out.put("p50AtMostMs", percentileMs(span, total, 0.50));
        out.put("p99AtMostMs", percentileMs(span, total, 0.99));
        out.put("p999AtMostMs", percentileMs(span, total, 0.999));
        return out;
    }

    /** The upper bound (ms) of the bucket holding the q-th poll; "none" without polls, "over N" past the last bound. */
    static Object percentileMs(TreeMap<Double, Double> cumulative, double total, double q) {
        if (total <= 0) {
            return "none";
        }
        double rank = Math.ceil(q * total);
        double lastFinite = 0;
        for (Map.Entry<Double, Double> e : cumulative.entrySet()) {
            if (e.getValue() >= rank) {
                return e.getKey().isInfinite() ? "over " + Math.round(lastFinite * 1000) : Math.round(e.getKey() * 1000 * 10) / 10.0;
            }
            if (!e.getKey().isInfinite()) {
                lastFinite = e.getKey();
            }
        }
        return "over " + Math.round(lastFinite * 1000);
    }
}
