package dev.roomcast.connector.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

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
