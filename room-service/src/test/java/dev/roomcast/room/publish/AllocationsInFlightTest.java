package dev.roomcast.room.publish;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AllocationsInFlightTest {

    private final AllocationsInFlight inFlight = new AllocationsInFlight();

    @Test
    void aRoomWithNothingOnItsWayHoldsNoCursorBack() {
        assertThat(inFlight.lowestPossible("r")).isEqualTo(Long.MAX_VALUE);
        AllocationsInFlight.Ticket t = inFlight.open("r");
        inFlight.close(t, 100);
        assertThat(inFlight.lowestPossible("r")).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void theOldestOpenAllocationBoundsEveryMsgIdStillOnItsWay() {
        inFlight.close(inFlight.open("r"), 100);
        AllocationsInFlight.Ticket a = inFlight.open("r");     // Redis may give it 101 or 102
        AllocationsInFlight.Ticket b = inFlight.open("r");
        inFlight.close(b, 102);                                 // came back first
        assertThat(inFlight.lowestPossible("r")).as("a is above 100").isEqualTo(101);
        AllocationsInFlight.Ticket c = inFlight.open("r");     // opened after 102 closed: above 102
        inFlight.close(a, 101);
        assertThat(inFlight.lowestPossible("r")).isEqualTo(103);
        inFlight.close(c, 0);                                   // failed
        assertThat(inFlight.lowestPossible("r")).isEqualTo(Long.MAX_VALUE);
        assertThat(inFlight.lowestPossible("other")).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void anAbandonedAllocationStopsHoldingCursorsBackAndIdleRoomsAreForgotten() {
        AllocationsInFlight.Ticket lost = inFlight.open("r");
        assertThat(inFlight.lowestPossible("r")).isEqualTo(1);
        long now = System.currentTimeMillis();
        inFlight.forgetIdle(now);
        assertThat(inFlight.lowestPossible("r")).isEqualTo(1);
        inFlight.forgetIdle(now + AllocationsInFlight.ABANDONED_MILLIS + 1_000);
        assertThat(inFlight.lowestPossible("r")).isEqualTo(Long.MAX_VALUE);
        inFlight.forgetIdle(now + AllocationsInFlight.IDLE_MILLIS + 1_000);
        assertThat(inFlight.trackedRooms()).isZero();
        inFlight.close(lost, 5);                                // late close of a forgotten room: nothing to do
        assertThat(inFlight.trackedRooms()).isZero();
    }
}
