package dev.roomcast.loadgen.measure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Per-viewer delivery by msgId, for the push/poll switch benchmark: the sampled viewers of this process
 * register the persisted msgIds their application was handed; after the run each one is compared with the
 * msgIds the publisher had accepted in the window. Off unless {@link #enable()} (normal runs pay nothing);
 * viewers in worker processes are not audited (their duplicates still count in {@code appDuplicates}).
 */
public final class MsgIdAudit {

    private static volatile boolean enabled;
    private static final List<Set<Long>> viewers = new CopyOnWriteArrayList<>();
    /** Per audited viewer (same order): msgId -> when it was handed over (ms; negative: not live, i.e. read or polled). */
    private static final List<Map<Long, Long>> receipts = new CopyOnWriteArrayList<>();
    private static final int TRACED_VIEWERS = 5;
    private static final int TRACED_GAPS = 4;

    private MsgIdAudit() {
    }

    public static void enable() {
        enabled = true;
    }

    /** One audited viewer: the msgIds its application was handed, and when. */
    public record Viewer(Set<Long> seen, Map<Long, Long> receivedAt) {
        /** False when the msgId was handed over before (a duplicate). */
        public boolean received(long msgId, boolean live) {
            if (!seen.add(msgId)) {
                return false;
            }
            long now = System.currentTimeMillis();
            receivedAt.put(msgId, live ? now : -now);
            return true;
        }
    }

    /** One sampled viewer's record, or null when auditing is off. */
    public static Viewer register() {
        if (!enabled) {
            return null;
        }
        Viewer viewer = new Viewer(ConcurrentHashMap.newKeySet(), new ConcurrentHashMap<>());
        synchronized (MsgIdAudit.class) {
            viewers.add(viewer.seen());
            receipts.add(viewer.receivedAt());
        }
        return viewer;
    }

    /**
     * For a few viewers that missed something: each run of consecutive missed msgIds (in publish order) with
     * the msgId received just before and just after it, when and how (live = pushed; else read or polled).
     */
    private static List<Map<String, Object>> traces(List<Long> published) {
        List<Map<String, Object>> out = new java.util.ArrayList<>();
        for (int v = 0; v < viewers.size() && out.size() < TRACED_VIEWERS; v++) {
            Set<Long> seen = viewers.get(v);
            Map<Long, Long> at = receipts.get(v);
            List<Map<String, Object>> gaps = new java.util.ArrayList<>();
            int i = 0;
            while (i < published.size() && gaps.size() < TRACED_GAPS) {
                if (seen.contains(published.get(i))) {
                    i++;
                    continue;
                }
                int from = i;
                while (i < published.size() && !seen.contains(published.get(i))) {
                    i++;
                }
                Map<String, Object> gap = new LinkedHashMap<>();
                gap.put("missed", i - from);
                gap.put("firstMissedAcceptedMs", acceptedMs(published.get(from)));
                gap.put("lastMissedAcceptedMs", acceptedMs(published.get(i - 1)));
                if (from > 0) {
                    gap.put("before", receipt(published.get(from - 1), at));
                }
                if (i < published.size()) {
                    gap.put("after", receipt(published.get(i), at));
                }
                gaps.add(gap);
            }
            if (!gaps.isEmpty()) {
                Map<String, Object> t = new LinkedHashMap<>();
                t.put("viewer", v);
                t.put("gaps", gaps);
                out.add(t);
            }
        }
        return out;
    }

    private static long acceptedMs(long msgId) {
        return msgId / dev.roomcast.common.ids.Ids.MSG_IDS_PER_MILLI;
    }

    private static Map<String, Object> receipt(long msgId, Map<Long, Long> at) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("acceptedMs", acceptedMs(msgId));
        Long when = at.get(msgId);
        r.put("receivedMs", when == null ? null : Math.abs(when));
        r.put("how", when == null ? "unknown" : when > 0 ? "pushed" : "polled or read");
        return r;
    }

    /**
     * Viewers audited, those missing at least one, messages missing in total, the worst viewer's count, and
     * the missed msgIds split: missed by every audited viewer (never delivered by push nor poll: the
     * scheduler dropped them stale or by overflow while everyone was on push, see its drop counters) and
     * missed by some only (a viewer on push when the scheduler dropped a message others read by polling,
     * or a hand-over gap).
     */
    public static Map<String, Object> against(Set<Long> published) {
        int missingViewers = 0;
        long missing = 0;
        long worst = 0;
        Map<Long, Integer> missedBy = new java.util.HashMap<>();
        for (Set<Long> seen : viewers) {
            long m = 0;
            for (long id : published) {
                if (!seen.contains(id)) {
                    m++;
                    missedBy.merge(id, 1, Integer::sum);
                }
            }
            if (m > 0) {
                missingViewers++;
            }
            missing += m;
            worst = Math.max(worst, m);
        }
        long byAll = missedBy.values().stream().filter(n -> n == viewers.size()).count();
        // Where the misses fall in time (msgIds are acceptance time x 1024): per second of acceptance, how
        // many (viewer, msgId) pairs were missed, to tell hand-over gaps (around a switch) from polling gaps.
        Map<String, Integer> bySecond = new java.util.TreeMap<>();   // String keys: the report is JSON
        for (Map.Entry<Long, Integer> e : missedBy.entrySet()) {
            bySecond.merge(Long.toString(e.getKey() / dev.roomcast.common.ids.Ids.MSG_IDS_PER_MILLI / 1000), e.getValue(), Integer::sum);
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("publishedInWindow", published.size());
        r.put("viewersAudited", viewers.size());
        r.put("viewersMissingAny", missingViewers);
        r.put("messagesMissing", missing);
        r.put("worstViewerMissing", worst);
        r.put("msgIdsMissedByAll", byAll);
        r.put("msgIdsMissedBySome", missedBy.size() - byAll);
        r.put("missedByEpochSecond", bySecond);
        List<Long> ordered = new java.util.ArrayList<>(published);
        java.util.Collections.sort(ordered);
        r.put("missTraces", traces(ordered));
        return r;
    }
}
