package dev.roomcast.loadgen.measure;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough of the Prometheus text format to read the services' drop counters: series lines
 * {@code name{label="v",...} value}, comments skipped.
 */
public final class PrometheusText {

    private static final Pattern LINE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)\\})?\\s+(\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** One series: metric name, labels, value. */
    public record Series(String name, Map<String, String> labels, double value) {
    }

    private PrometheusText() {
    }

    public static Map<String, Series> parse(String text) {
        Map<String, Series> out = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Matcher m = LINE.matcher(line);
            if (!m.find()) {
                continue;
            }
            Map<String, String> labels = new TreeMap<>();
            if (m.group(3) != null) {
                Matcher l = LABEL.matcher(m.group(3));
                while (l.find()) {
                    labels.put(l.group(1), l.group(2));
                }
            }
            double value;
            try {
                value = Double.parseDouble(m.group(4));
            } catch (NumberFormatException e) {
                continue;
            }
            out.put(m.group(1) + labels, new Series(m.group(1), labels, value));
        }
        return out;
    }

    /**
     * Drop counters summed by reason: every counter series whose name says "drop" (the services
     * name them e.g. roomcast_scheduler_dropped_total{reason="overflow"}); the reason label, else the
     * metric name, is the key.
     */
    public static Map<String, Double> dropsByReason(Map<String, Series> series) {
        Map<String, Double> out = new TreeMap<>();
        for (Series s : series.values()) {
            String name = s.name();
            if (!name.contains("drop") || !(name.endsWith("_total") || name.endsWith("_count"))) {
                continue;
            }
            String reason = s.labels().getOrDefault("reason", name);
            out.merge(shortName(name) + ":" + reason, s.value(), Double::sum);
        }
        return out;
    }

    /** b minus a, per key (counters only grow; a restarted service shows up as a negative delta). */
    public static Map<String, Double> delta(Map<String, Double> before, Map<String, Double> after) {
        Map<String, Double> out = new TreeMap<>();
        after.forEach((k, v) -> {
            double d = v - before.getOrDefault(k, 0.0);
            if (d != 0) {
                out.put(k, d);
            }
        });
        return out;
    }

    private static String shortName(String metric) {
        return metric.replaceFirst("^roomcast_", "").replaceFirst("_total$", "").replaceFirst("_count$", "");
    }
}
