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

    /** Viewers in the room when the ramp ended (the measurement starts after the warm-up that follows). */
    void ramp(long viewersJoined, double seconds) {
        json.put("viewersJoinedBeforeWindow", viewersJoined)
                .put("allJoinedBeforeWindow", viewersJoined >= json.getInteger("viewers"))
                .put("rampSeconds", round(seconds));
    }

    /** Gifts confirmed by gift-service against those the anchor application showed, over the whole run. */
    void gifts(GiftAudit.Result gifts, boolean anchorJoined, long anchorJoinRetries, Map<Integer, ? extends Number> anchorErrors) {
        JsonObject errors = new JsonObject();
        anchorErrors.forEach((code, n) -> errors.put(Integer.toString(code), n.longValue()));
        json.put("gifts", gifts.toJson().put("anchorJoined", anchorJoined).put("anchorJoinRetries", anchorJoinRetries)
                .put("anchorErrors", errors));
    }

    /** Sum of the rooms' online counts while the viewers were in, and after all left (must be 0). */
    /** The push -> poll -> push benchmark's figures (switch times, mailbox polls, delivery by msgId). */
    void deliverySwitch(java.util.Map<String, Object> figures) {
        json.put("deliverySwitch", new JsonObject(new java.util.LinkedHashMap<>(figures)));
    }

    void online(OnlineAudit.Result online) {
        json.put("online", online.toJson());
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

    /** @param tty colour a failed check red (and a passed one green) */
    void print(PrintStream out, boolean tty) {
        out.println();
        out.println("=== " + json.getString("scenario") + ": " + json.getInteger("viewers") + " viewers, "
                + json.getInteger("rooms") + " room(s), window " + json.getDouble("windowSeconds") + " s ===");
        if (json.containsKey("viewersJoinedBeforeWindow")) {
            boolean all = json.getBoolean("allJoinedBeforeWindow");
            row(out, "viewers joined before the window", flag(tty, all, json.getLong("viewersJoinedBeforeWindow") + " of "
                    + json.getInteger("viewers") + " (ramp " + json.getDouble("rampSeconds") + " s)" + (all ? "" : "  NOT ALL")));
        }
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
        if (json.containsKey("gifts")) {
            JsonObject g = json.getJsonObject("gifts");
            String extra = (g.getLong("shownButSendUnconfirmed") > 0 ? ", +" + g.getLong("shownButSendUnconfirmed")
                    + " whose send timed out" : "") + (g.getLong("shownFromEarlierRuns") > 0 ? ", +"
                    + g.getLong("shownFromEarlierRuns") + " left unacknowledged by an earlier run" : "");
            String verdict = g.getBoolean("exact") ? "  every gift exactly once"
                    : "  MISSING " + g.getLong("missing") + ", DOUBLED " + g.getLong("duplicates")
                    + (g.getBoolean("anchorJoined") ? "" : " (the anchor never joined)");
            row(out, "gifts sent / shown by the anchor", flag(tty, g.getBoolean("exact"),
                    g.getLong("sent") + " / " + g.getLong("toAnchor") + extra + verdict));
        }
        if (json.containsKey("online")) {
            JsonObject o = json.getJsonObject("online");
            boolean zero = o.getLong("sumAfterAllLeft") == 0;
            row(out, "online sum while in / after all left", flag(tty, zero, o.getLong("sumWhileIn") + " (viewers held "
                    + o.getLong("expectedWhileIn") + ") / " + o.getLong("sumAfterAllLeft") + " after "
                    + o.getDouble("secondsToZero") + " s" + (zero ? "" : "  NOT ZERO")));
        }
        row(out, "client errors", json.getJsonObject("clientErrors").encode());
        if (!json.getJsonArray("metricsUnreachable").isEmpty()) {
            row(out, "metrics unreachable", json.getJsonArray("metricsUnreachable").encode());
        }
        out.println();
        out.println("  what the figures mean (JSON key):");
        LEGEND.forEach(l -> out.printf("    %-34s %s%n", l[0], l[1]));
    }

    /** One line per figure: what it means, and its key in the JSON report. */
    static final java.util.List<String[]> LEGEND = java.util.List.of(
            new String[] {"viewers joined before the window", "viewers in the room when the ramp ended [viewersJoinedBeforeWindow]"},
            new String[] {"viewers in room / joins / failures", "in the room at the end / joins incl. churn re-joins / refused for good [viewersJoined, joins, joinFailures]"},
            new String[] {"delivered messages/s, blocks/s", "received by all viewers per second in the window [deliveredPerSecond, blocksPerSecond]"},
            new String[] {"latency <class> p50/p99/p999", "publish -> shown on a sampled viewer; block: built -> received [latency]"},
            new String[] {"wire bytes / message", "bytes on the wire per delivered message vs plain JSON [wireBytesPerMessage, wireVsJson]"},
            new String[] {"compression ratio", "block payload before compression / wire bytes [compressionRatio]"},
            new String[] {"drops (services)", "dropped on purpose by the services, by reason [drops]"},
            new String[] {"server CPU / RSS", "the services' CPU and memory in the window [server]"},
            new String[] {"publishes", "the backend's publish outcomes by type [publishes]"},
            new String[] {"gifts sent / shown by the anchor", "confirmed by gift-service vs shown by the anchor app, whole run: equal, none twice [gifts]"},
            new String[] {"online sum while in / after", "sum of room-service's online counts over the rooms, with the viewers in (churn makes it approximate) and once all left (must be 0) [online]"},
            new String[] {"client errors", "codes clients received; 4010 UNAVAILABLE joins are retried [clientErrors]"});

    private static String flag(boolean tty, boolean ok, String text) {
        if (!tty) {
            return text;
        }
        return (ok ? "\u001b[32m" : "\u001b[1;31m") + text + "\u001b[0m";
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
