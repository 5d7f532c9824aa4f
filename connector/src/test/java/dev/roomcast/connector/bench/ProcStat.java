package dev.roomcast.connector.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A server process observed from outside through /proc: CPU (user + system) and resident memory. */
final class ProcStat {

    private ProcStat() {
    }

    /** {utime, stime} in clock ticks (100 per second on Linux): user space and kernel (socket writes, loopback TCP). */
    static long[] userSystemTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12])};
    }

    /**
     * {utime, stime} ticks per kind of thread (its name without digits: every "vert.x-eventloop-thread-N"
     * together, "C2 CompilerThread", "GC Thread#"...), so that a run's CPU can be told apart: event loops
     * writing, against JIT, GC and timers.
     */
    static Map<String, long[]> ticksByThreadKind(long pid) throws IOException {
        Map<String, long[]> out = new TreeMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[0-9]", "").trim();
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long[] t = out.computeIfAbsent(name, k -> new long[2]);
                    t[0] += Long.parseLong(f[11]);
                    t[1] += Long.parseLong(f[12]);
                } catch (IOException e) {
                    // the thread ended meanwhile
                }
            }
        }
        return out;
    }

    /** CPU seconds (user + system) per kind of thread between two reads, busiest first, idle kinds left out. */
    static Map<String, Object> secondsByThreadKind(Map<String, long[]> before, Map<String, long[]> after) {
        List<Map.Entry<String, double[]>> rows = new ArrayList<>();
        for (Map.Entry<String, long[]> e : after.entrySet()) {
            long[] b = before.getOrDefault(e.getKey(), new long[2]);
            double user = (e.getValue()[0] - b[0]) / 100.0;
            double system = (e.getValue()[1] - b[1]) / 100.0;
            if (user + system > 0) {
                rows.add(Map.entry(e.getKey(), new double[] {user, system}));
            }
        }
        rows.sort((x, y) -> Double.compare(y.getValue()[0] + y.getValue()[1], x.getValue()[0] + x.getValue()[1]));
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, double[]> row : rows) {
            out.put(row.getKey(), String.format(java.util.Locale.ROOT, "user %.2f system %.2f", row.getValue()[0], row.getValue()[1]));
        }
        return out;
    }

    /** CPU seconds (user + system) of one kind of thread between two reads; 0 if the process has none. */
    static double seconds(Map<String, long[]> before, Map<String, long[]> after, String kind) {
        long[] a = after.get(kind);
        if (a == null) {
            return 0;
        }
        long[] b = before.getOrDefault(kind, new long[2]);
        return (a[0] - b[0] + a[1] - b[1]) / 100.0;
    }

    static long rssBytes(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return -1;
    }

    static String loadAverage() throws IOException {
        return Files.readString(Path.of("/proc/loadavg")).trim();
    }
}
