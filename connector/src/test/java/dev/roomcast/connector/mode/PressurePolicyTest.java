package dev.roomcast.connector.mode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roomcast.connector.mode.PressurePolicy.Decision;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The automatic push/poll switch on a fake clock: watermarks, hysteresis, dwell, order. */
class PressurePolicyTest {

    private static final long DWELL = 30_000;
    private final Map<String, Integer> rooms = Map.of("small", 3, "big", 900, "mid", 40, "tiny", 1);

    private PressurePolicy policy() {
        return new PressurePolicy(0.9, 0.6, DWELL, 2);
    }

    @Test
    void overloadedConnectorMovesItsBiggestRoomFirstThenTheNextAfterTheDwell() {
        PressurePolicy p = policy();
        assertThat(p.evaluate(0, 0.95, rooms, Set.of())).contains(new Decision("big", true));
        assertThat(p.evaluate(1_000, 0.99, rooms, Set.of())).as("at most one switch per dwell").isEmpty();
        assertThat(p.evaluate(DWELL, 0.99, rooms, Set.of())).contains(new Decision("mid", true));
        assertThat(p.evaluate(2 * DWELL, 0.99, rooms, Set.of())).contains(new Decision("small", true));
        assertThat(p.evaluate(3 * DWELL, 0.99, rooms, Set.of())).as("below min viewers: never switched").isEmpty();
        assertThat(p.switchedCount()).isEqualTo(3);
    }

    @Test
    void pressureBetweenTheWatermarksChangesNothing() {
        PressurePolicy p = policy();
        p.evaluate(0, 0.95, rooms, Set.of());
        for (long t = DWELL; t < 10 * DWELL; t += DWELL) {
            assertThat(p.evaluate(t, 0.75, rooms, Set.of())).as("hysteresis at %d", t).isEmpty();
        }
        assertThat(p.switchedCount()).isEqualTo(1);
    }

    @Test
    void fallingPressureBringsRoomsBackLastInFirstOutAndNeverBeforeTheDwell() {
        PressurePolicy p = policy();
        p.evaluate(0, 0.95, rooms, Set.of());
        p.evaluate(DWELL, 0.95, rooms, Set.of());
        assertThat(p.evaluate(DWELL + 1_000, 0.1, rooms, Set.of())).as("mid switched 1 s ago").isEmpty();
        assertThat(p.evaluate(2 * DWELL, 0.1, rooms, Set.of())).contains(new Decision("mid", false));
        assertThat(p.evaluate(2 * DWELL + 1, 0.1, rooms, Set.of())).isEmpty();
        assertThat(p.evaluate(3 * DWELL, 0.1, rooms, Set.of())).contains(new Decision("big", false));
        assertThat(p.evaluate(4 * DWELL, 0.1, rooms, Set.of())).isEmpty();
    }

    @Test
    void oscillatingPressureSwitchesAtMostOncePerDwell() {
        PressurePolicy p = policy();
        int switches = 0;
        for (long t = 0; t < 10 * DWELL; t += 500) {
            double pressure = (t / 500) % 2 == 0 ? 0.95 : 0.2;   // flips every half second
            Optional<Decision> d = p.evaluate(t, pressure, rooms, Set.of());
            if (d.isPresent()) {
                switches++;
            }
        }
        assertThat(switches).isLessThanOrEqualTo(10);
    }

    @Test
    void roomsTheOperatorPolledAreNeitherPickedNorReleased() {
        PressurePolicy p = policy();
        assertThat(p.evaluate(0, 0.95, rooms, Set.of("big"))).contains(new Decision("mid", true));
        assertThat(p.evaluate(DWELL, 0.1, rooms, Set.of("big"))).contains(new Decision("mid", false));
        assertThat(p.evaluate(2 * DWELL, 0.1, rooms, Set.of("big"))).isEmpty();
    }

    @Test
    void aRoomThatEmptiedIsForgottenWithoutASwitch() {
        PressurePolicy p = policy();
        p.evaluate(0, 0.95, rooms, Set.of());
        p.forget("big");
        assertThat(p.switchedCount()).isZero();
        assertThat(p.evaluate(DWELL, 0.1, rooms, Set.of())).isEmpty();
    }

    @Test
    void watermarksMustLeaveAGap() {
        assertThatThrownBy(() -> new PressurePolicy(0.6, 0.6, DWELL, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
