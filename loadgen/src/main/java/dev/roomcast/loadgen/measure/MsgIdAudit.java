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

    private MsgIdAudit() {
    }

    public static void enable() {
        enabled = true;
    }

    /** A set for one sampled viewer's msgIds, or null when auditing is off. */
    public static Set<Long> register() {
        if (!enabled) {
            return null;
        }
        Set<Long> seen = ConcurrentHashMap.newKeySet();
        viewers.add(seen);
        return seen;
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
        return r;
    }
}
