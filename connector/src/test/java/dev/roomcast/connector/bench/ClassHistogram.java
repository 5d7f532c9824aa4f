package dev.roomcast.connector.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Live objects per class in a JVM server ({@code jcmd GC.class_histogram}, which runs a full GC first). Two
 * of them, before and after the subscribers connect, say which classes the per-connection heap is made of.
 */
final class ClassHistogram {

    private static final Pattern ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");

    /** class name -> {instances, bytes} */
    private final Map<String, long[]> byClass;

    private ClassHistogram(Map<String, long[]> byClass) {
        this.byClass = byClass;
    }

    static ClassHistogram take(long pid) throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder("jcmd", String.valueOf(pid), "GC.class_histogram").redirectErrorStream(true).start();
        Map<String, long[]> byClass = new HashMap<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(jcmd.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                Matcher m = ROW.matcher(line);
                if (m.find()) {
                    byClass.merge(m.group(3), new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))},
                            (a, b) -> new long[] {a[0] + b[0], a[1] + b[1]});
                }
            }
        }
        jcmd.waitFor();
        return new ClassHistogram(byClass);
    }

    /** Bytes of live objects gained from {@code before} to this one, over every class. */
    long bytesGrownSince(ClassHistogram before) {
        return total() - before.total();
    }

    private long total() {
        return byClass.values().stream().mapToLong(v -> v[1]).sum();
    }

    /**
     * The classes that grew most from {@code before} to this one, per connection: instances and bytes, biggest
     * first, the rest summed in one row. Each row: class, instances_per_connection, bytes_per_connection.
     */
    List<Map<String, Object>> growthPerConnection(ClassHistogram before, int connections, int top) {
        Set<String> classes = new HashSet<>(byClass.keySet());
        classes.addAll(before.byClass.keySet());
        List<Growth> growth = new ArrayList<>();
        for (String c : classes) {
            long[] a = byClass.getOrDefault(c, new long[2]);
            long[] b = before.byClass.getOrDefault(c, new long[2]);
            growth.add(new Growth(c, a[0] - b[0], a[1] - b[1]));
        }
        growth.sort(Comparator.comparingLong(Growth::bytes).reversed());
        double n = Math.max(1, connections);
        List<Map<String, Object>> out = new ArrayList<>();
        long restBytes = 0;
        for (int i = 0; i < growth.size(); i++) {
            Growth g = growth.get(i);
            if (i < top) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("class", g.name());
                row.put("instances_per_connection", PeersBench.round(g.instances() / n));
                row.put("bytes_per_connection", PeersBench.round(g.bytes() / n));
                out.add(row);
            } else {
                restBytes += g.bytes();
            }
        }
        Map<String, Object> rest = new LinkedHashMap<>();
        rest.put("class", "(all other classes)");
        rest.put("bytes_per_connection", PeersBench.round(restBytes / n));
        out.add(rest);
        return out;
    }

    private record Growth(String name, long instances, long bytes) {
    }
}
