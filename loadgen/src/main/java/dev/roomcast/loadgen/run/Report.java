package dev.roomcast.loadgen.run;

import dev.roomcast.loadgen.measure.FleetStats;
import dev.roomcast.loadgen.measure.LatencyBook;
import dev.roomcast.loadgen.measure.PrometheusText;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.util.Map;
import java.util.TreeSet;
import org.HdrHistogram.Histogram;

/** The final table and its JSON twin, from two readings taken around the measurement window. */
final class Report {

    private final JsonObject json = new JsonObject();

    Report(ScenarioSpec spec, FleetStats a, FleetStats b, ServerProbe.Reading sa, ServerProbe.Reading sb, double seconds,
           Map<String, Long> publishes, long giftsSent, long giftsToAnchor) {
        long delivered = b.get("delivered") - a.get("delivered");
        long wire = b.get("wireBytes") - a.get("wireBytes");
        long uncompressed = b.get("uncompressedBytes") - a.get("uncompressedBytes");
        long sampleMessages = b.get("sampleMessages") - a.get("sampleMessages");
        long sampleJson = b.get("sampleJsonBytes") - a.get("sampleJsonBytes");
        double wirePerMsg = ratio(wire, delivered);
        double jsonPerMsg = ratio(sampleJson, sampleMessages);
        json.put("scenario", spec.name())
                .put("viewers", spec.viewers())
                .put("rooms", spec.layout().rooms())
                .put("windowSeconds", round(seconds))
                .put("rates", new JsonObject().put("chat", spec.rates().chat()).put("gift", spec.rates().gift())
                        .put("pk", spec.rates().pk()).put("like", spec.rates().like()).put("join", spec.fleet().joinRate))
                .put("transport", spec.fleet().transport.name())
                .put("viewersJoined", b.get("viewersJoined"))
                .put("joins", b.get("joins"))
                .put("joinFailures", b.get("joinFailures"))
                .put("reconnects", b.get("reconnects") - a.get("reconnects"))
                .put("deliveredMessages", delivered)
                .put("deliveredPerSecond", round(delivered / seconds))
                .put("blocksPerSecond", round((b.get("blocks") - a.get("blocks")) / seconds))
                .put("wireBytesPerMessage", round(wirePerMsg))
                .put("jsonBytesPerMessage", round(jsonPerMsg))
                .put("wireVsJson", round(ratio(wirePerMsg, jsonPerMsg)))
                .put("compressionRatio", round(ratio(uncompressed, wire)))
                .put("decodeErrors", b.get("decodeErrors") - a.get("decodeErrors"))
                .put("drops", obj(PrometheusText.delta(sa.drops(), sb.drops())))
                .put("metricsUnreachable", new io.vertx.core.json.JsonArray(new java.util.ArrayList<>(sb.unreachable())))
                .put("clientErrors", obj(b.errors()))
                .put("publishes", obj(publishes))
                .put("giftsSentInWindow", giftsSent)
                .put("giftsToAnchorInWindow", giftsToAnchor);
        json.put("latency", latency(a, b));
        json.put("server", server(sa, sb, seconds, delivered, spec.layout().rooms()));
    }

    private static JsonObject latency(FleetStats a, FleetStats b) {
        JsonObject out = new JsonObject();
        for (String k : new TreeSet<>(b.latency.snapshot().keySet())) {
            Histogram h = b.latency.histogram(k).copy();
            h.subtract(a.latency.histogram(k));
            if (h.getTotalCount() > 0) {
                out.put(k, LatencyBook.summary(h));
            }
        }
        return out;
    }

    private static JsonObject server(ServerProbe.Reading a, ServerProbe.Reading b, double seconds, long delivered, int rooms) {
        JsonObject out = new JsonObject();
        long totalCpu = 0;
        long totalRss = 0;
        long rssBefore = 0;
        for (String svc : b.cpuMillisByPid().keySet()) {
            long cpu = b.cpuMillisSince(a, svc);
            long rss = b.rssKib().getOrDefault(svc, 0L);
            totalCpu += cpu;
            totalRss += rss;
            rssBefore += a.rssKib().getOrDefault(svc, 0L);
            out.put(svc, new JsonObject().put("processes", b.cpuMillisByPid().get(svc).size()).put("cpuSeconds", round(cpu / 1000.0)).put("cpuCores", round(cpu / 1000.0 / seconds))
                    .put("rssMiB", round(rss / 1024.0)));
        }
        out.put("totalCpuCores", round(totalCpu / 1000.0 / seconds))
                .put("cpuSecondsPerMillionDelivered", round(ratio(totalCpu / 1000.0, delivered / 1e6)))
                .put("totalRssMiB", round(totalRss / 1024.0))
                .put("cpuMillicoresPerRoom", round(totalCpu / seconds / rooms))
                .put("rssGrowthMiB", round((totalRss - rssBefore) / 1024.0))
                .put("rssKiBPerRoom", round((double) totalRss / rooms));
        return out;
    }

    /** Memory the services grew by since before the first viewer connected: the cost of the rooms and viewers. */
    void baseline(ServerProbe.Reading start, ServerProbe.Reading end, int rooms, int viewers) {
        long before = start.rssKib().values().stream().mapToLong(Long::longValue).sum();
        long after = end.rssKib().values().stream().mapToLong(Long::longValue).sum();
        json.getJsonObject("server").put("rssGrowthSinceStartMiB", round((after - before) / 1024.0))
                .put("rssGrowthKiBPerRoom", round((double) (after - before) / rooms))
                .put("rssGrowthKiBPerViewer", round((double) (after - before) / Math.max(1, viewers)));
    }

    /** The anchor's gifts over the whole run: each seq must arrive once, and none may be missing. */
    void anchor(java.util.Set<Long> seqs, long duplicates) {
        long min = seqs.stream().mapToLong(Long::longValue).min().orElse(0);
        long max = seqs.stream().mapToLong(Long::longValue).max().orElse(0);
        json.put("anchor", new JsonObject().put("giftsDelivered", seqs.size() + duplicates).put("distinctSeqs", seqs.size())
                .put("duplicates", duplicates).put("firstSeq", min).put("lastSeq", max)
                .put("missingBetween", seqs.isEmpty() ? 0 : (max - min + 1) - seqs.size()));
    }

    JsonObject toJson() {
        return json;
    }

    void print(PrintStream out) {
        out.println();
        out.println("=== " + json.getString("scenario") + ": " + json.getInteger("viewers") + " viewers, "
                + json.getInteger("rooms") + " room(s), window " + json.getDouble("windowSeconds") + " s ===");
        row(out, "viewers in room / joins / failures", json.getLong("viewersJoined") + " / " + json.getLong("joins")
                + " / " + json.getLong("joinFailures"));
        row(out, "delivered messages/s", String.format("%,.0f", json.getDouble("deliveredPerSecond")));
        row(out, "blocks/s", String.format("%,.0f", json.getDouble("blocksPerSecond")));
        JsonObject lat = json.getJsonObject("latency");
        for (String k : lat.fieldNames()) {
            JsonObject l = lat.getJsonObject(k);
            row(out, "latency " + k + " p50/p99/p999 ms", l.getLong("p50Ms") + " / " + l.getLong("p99Ms") + " / "
                    + l.getLong("p999Ms") + "  (n=" + l.getLong("count") + ")");
        }
        row(out, "wire bytes / message", json.getDouble("wireBytesPerMessage") + " (plain JSON " + json.getDouble("jsonBytesPerMessage")
                + ", ratio " + json.getDouble("wireVsJson") + ")");
        row(out, "compression ratio", String.valueOf(json.getDouble("compressionRatio")));
        row(out, "drops (services)", json.getJsonObject("drops").encode());
        row(out, "server CPU cores", String.valueOf(json.getJsonObject("server").getDouble("totalCpuCores")));
        row(out, "server CPU s / 1M delivered", String.valueOf(json.getJsonObject("server").getDouble("cpuSecondsPerMillionDelivered")));
        row(out, "server RSS MiB (growth since start)", json.getJsonObject("server").getDouble("totalRssMiB") + " ("
                + json.getJsonObject("server").getDouble("rssGrowthSinceStartMiB") + ")");
        row(out, "server CPU millicores / room", String.valueOf(json.getJsonObject("server").getDouble("cpuMillicoresPerRoom")));
        row(out, "publishes", json.getJsonObject("publishes").encode());
        row(out, "gifts sent / to anchor", json.getLong("giftsSentInWindow") + " / " + json.getLong("giftsToAnchorInWindow"));
        if (json.containsKey("anchor")) {
            row(out, "anchor gifts (whole run)", json.getJsonObject("anchor").encode());
        }
        row(out, "client errors", json.getJsonObject("clientErrors").encode());
        if (!json.getJsonArray("metricsUnreachable").isEmpty()) {
            row(out, "metrics unreachable", json.getJsonArray("metricsUnreachable").encode());
        }
    }

    private static void row(PrintStream out, String name, String value) {
        out.printf("  %-36s %s%n", name, value);
    }

    private static JsonObject obj(Map<String, ?> map) {
        JsonObject o = new JsonObject();
        map.forEach(o::put);
        return o;
    }

    static double ratio(double a, double b) {
        return b == 0 ? 0 : a / b;
    }

    static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
