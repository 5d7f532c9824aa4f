package dev.roomcast.connector.mode;

import dev.roomcast.connector.config.ConnectorConfig;
import dev.roomcast.connector.membership.Mcast;
import dev.roomcast.connector.membership.McastRegistry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * Degrades instead of failing (Baidu): every evaluation interval, measures this connector's pressure and
 * lets {@link PressurePolicy} move at most one room to polling or back. Runs on a Vert.x timer; the work
 * is a scan of local mcast sizes, never a blocking call.
 */
@Singleton
public class PressureGovernor {

    private static final Logger LOG = Logger.getLogger(PressureGovernor.class);

    private final Vertx vertx;
    private final McastRegistry mcasts;
    private final RoomModes modes;
    private final PressureSource source;
    private final ConnectorConfig.Pressure config;
    private final PressurePolicy policy;
    private final AtomicReference<Double> lastPressure = new AtomicReference<>(0.0);
    private long timerId = -1;

    PressureGovernor(Vertx vertx, McastRegistry mcasts, RoomModes modes, MeasuredPressure source, ConnectorConfig config,
                     MeterRegistry registry) {
        this.vertx = vertx;
        this.mcasts = mcasts;
        this.modes = modes;
        this.source = source;
        this.config = config.delivery().pressure();
        this.policy = new PressurePolicy(this.config.highWatermark(), this.config.lowWatermark(),
                this.config.minDwellMillis(), this.config.minViewers());
        Gauge.builder("roomcast_connector_pressure", lastPressure, AtomicReference::get)
                .description("Load as a ratio of capacity (connections, outbound bytes/s): the automatic switch's input")
                .register(registry);
        Gauge.builder("roomcast_connector_pressure_polled_rooms", policy, PressurePolicy::switchedCount)
                .description("Rooms this connector moved to polling under pressure").register(registry);
    }

    void onStart(@Observes StartupEvent event) {
        if (config.enabled()) {
            timerId = vertx.setPeriodic(config.evaluateIntervalMillis(), id -> evaluate(System.currentTimeMillis()));
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
    }

    void evaluate(long nowMillis) {
        double pressure = source.pressure(nowMillis);
        lastPressure.set(pressure);
        Map<String, Integer> viewers = new HashMap<>();
        Set<String> operatorPolled = new java.util.HashSet<>();
        Set<String> pressured = modes.pressured();
        for (Mcast mcast : mcasts.all()) {
            if (mcast.id().startsWith("room:")) {
                String room = mcast.id().substring(5);
                viewers.put(room, mcast.size());
                if (modes.polls(room) && !pressured.contains(room)) {
                    operatorPolled.add(room);
                }
            }
        }
        for (String room : pressured) {
            if (!viewers.containsKey(room)) {
                policy.forget(room);           // nobody left here: nothing to switch back
                modes.pressure(room, false);
            }
        }
        policy.evaluate(nowMillis, pressure, viewers, operatorPolled).ifPresent(d -> {
            int n = modes.pressure(d.roomId(), d.poll());
            LOG.infof("pressure %.2f: room %s to %s (%d viewers here)", pressure, d.roomId(), d.poll() ? "poll" : "push", n);
        });
    }
}
