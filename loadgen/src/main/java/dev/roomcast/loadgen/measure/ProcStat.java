package dev.roomcast.loadgen.measure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * CPU time and resident memory of the service processes, from /proc. Pids are found with
 * {@code pgrep -f <pattern>} (e.g. the service's quarkus-run.jar path).
 */
public final class ProcStat {

    /** USER_HZ: Linux reports utime/stime in these ticks; 100 on every common build. */
    static final long TICKS_PER_SECOND = 100;

    private ProcStat() {
    }

    /** utime + stime in milliseconds, from the text of /proc/&lt;pid&gt;/stat. */
    public static long cpuMillis(String statLine) {
        // The command name (field 2) is in parentheses and may contain spaces: parse after the last ')'.
        String rest = statLine.substring(statLine.lastIndexOf(')') + 2);
        String[] f = rest.split(" ");
        // rest starts at field 3 (state); utime is field 14, stime field 15.
        long ticks = Long.parseLong(f[14 - 3]) + Long.parseLong(f[15 - 3]);
        return ticks * 1000 / TICKS_PER_SECOND;
    }

    /** VmRSS in KiB from the text of /proc/&lt;pid&gt;/status. */
    public static long rssKib(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return 0;
    }

    public static OptionalLong cpuMillis(long pid) {
        try {
            return OptionalLong.of(cpuMillis(Files.readString(Path.of("/proc", Long.toString(pid), "stat"))));
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();          // the process exited
        }
    }

    public static long rssKib(long pid) {
        try {
            return rssKib(Files.readString(Path.of("/proc", Long.toString(pid), "status")));
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** Pids whose full command line matches the pattern, excluding this JVM. */
    public static List<Long> pgrep(String pattern) {
        List<Long> pids = new ArrayList<>();
        try {
            Process p = new ProcessBuilder("pgrep", "-f", pattern).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            p.waitFor(5, TimeUnit.SECONDS);
            long self = ProcessHandle.current().pid();
            for (String line : out.split("\\s+")) {
                if (!line.isBlank()) {
                    long pid = Long.parseLong(line.trim());
                    if (pid != self) {
                        pids.add(pid);
                    }
                }
            }
        } catch (IOException | NumberFormatException e) {
            // No pgrep: CPU figures are reported as unavailable.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return pids;
    }
}
