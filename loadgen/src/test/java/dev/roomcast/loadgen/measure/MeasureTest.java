package dev.roomcast.loadgen.measure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MeasureTest {

    private static final String METRICS = """
            # HELP roomcast_scheduler_dropped_total Messages dropped by the scheduler
            # TYPE roomcast_scheduler_dropped_total counter
            roomcast_scheduler_dropped_total{reason="overflow",type="CHAT"} 120.0
            roomcast_scheduler_dropped_total{reason="overflow",type="LIKE"} 30.0
            roomcast_scheduler_dropped_total{reason="stale",type="CHAT"} 5.0
            roomcast_connector_blocks_dropped_total{reason="slow-consumer"} 7.0
            roomcast_connector_connections 15000.0
            http_server_requests_seconds_count{method="GET",uri="/q/metrics"} 3.0
            """;

    @Test
    void sumsDropCountersByReasonAndIgnoresEverythingElse() {
        Map<String, Double> drops = PrometheusText.dropsByReason(PrometheusText.parse(METRICS));
        assertThat(drops).containsOnly(
                Map.entry("scheduler_dropped:overflow", 150.0),
                Map.entry("scheduler_dropped:stale", 5.0),
                Map.entry("connector_blocks_dropped:slow-consumer", 7.0));
    }

    @Test
    void deltaKeepsOnlyWhatChangedInTheWindow() {
        Map<String, Double> before = Map.of("a:overflow", 10.0, "b:stale", 3.0);
        Map<String, Double> after = Map.of("a:overflow", 25.0, "b:stale", 3.0, "c:new", 1.0);
        assertThat(PrometheusText.delta(before, after)).containsOnly(Map.entry("a:overflow", 15.0), Map.entry("c:new", 1.0));
    }

    @Test
    void readsCpuTicksEvenWhenTheCommandNameHasSpacesAndParentheses() {
        String stat = "4242 (java (main) x) S 1 4242 4242 0 -1 4194560 1000 0 0 0 250 130 0 0 20 0 40 0 100 0 0";
        assertThat(ProcStat.cpuMillis(stat)).isEqualTo((250 + 130) * 10);
    }

    @Test
    void readsResidentMemoryFromStatus() {
        assertThat(ProcStat.rssKib("Name:\tjava\nVmPeak:\t 999 kB\nVmRSS:\t  524288 kB\n")).isEqualTo(524_288);
    }

    @Test
    void readsThisProcessFromProc() {
        long pid = ProcessHandle.current().pid();
        assertThat(ProcStat.cpuMillis(pid)).isPresent();
        assertThat(ProcStat.rssKib(pid)).isPositive();
    }

    @Test
    void statsTravelBetweenProcessesAndMergeWithTheirHistograms() {
        FleetStats a = new FleetStats();
        a.add("delivered", 100);
        a.error(4101);
        for (int i = 1; i <= 100; i++) {
            a.latency.record("normal", i * 10L);
        }
        FleetStats b = new FleetStats();
        b.add("delivered", 50);
        b.latency.record("immediate", 40);
        b.latency.record("normal", 2000);

        FleetStats merged = new FleetStats();
        merged.merge(FleetStats.fromJson(a.toJson()));
        merged.merge(FleetStats.fromJson(b.toJson()));
        assertThat(merged.get("delivered")).isEqualTo(150);
        assertThat(merged.errors()).containsEntry("4101", 1L);
        assertThat(merged.latency.histogram("normal").getTotalCount()).isEqualTo(101);
        assertThat(merged.latency.histogram("normal").getMaxValue()).isBetween(1999L, 2001L);
        assertThat(merged.latency.histogram("normal").getValueAtPercentile(50)).isBetween(495L, 515L);
        assertThat(merged.latency.histogram("immediate").getTotalCount()).isEqualTo(1);
    }
}
