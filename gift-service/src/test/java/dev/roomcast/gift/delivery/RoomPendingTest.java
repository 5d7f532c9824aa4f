package dev.roomcast.gift.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RoomPendingTest {

    private static final long INITIAL = 100;
    private static final long MAX = 1000;

    @Test
    void backsOffExponentiallyUpToTheCeilingWhileNoAckArrives() {
        RoomPending room = new RoomPending("r", 5, 0, 0);
        long now = 0;
        long[] expectedDelays = {200, 400, 800, 1000, 1000};
        for (long delay : expectedDelays) {
            assertThat(room.claimIfDue(now)).isTrue();
            assertThat(room.repushed(5, 0, now, INITIAL, MAX)).isFalse();
            assertThat(room.claimIfDue(now + delay - 1)).isFalse();
            now += delay;
        }
        assertThat(room.claimIfDue(now)).isTrue();
    }

    @Test
    void anAckThatMovesTheCursorResetsTheBackOff() {
        RoomPending room = new RoomPending("r", 5, 0, 0);
        room.claimIfDue(0);
        room.repushed(5, 0, 0, INITIAL, MAX);
        room.claimIfDue(200);
        room.repushed(5, 0, 200, INITIAL, MAX);
        assertThat(room.acked(3, 300, INITIAL)).isFalse();
        assertThat(room.claimIfDue(399)).isFalse();
        assertThat(room.claimIfDue(400)).isTrue();
    }

    @Test
    void retiresOnceTheAnchorCaughtUpAndRefusesLaterGifts() {
        RoomPending room = new RoomPending("r", 2, 0, 0);
        assertThat(room.acked(1, 0, INITIAL)).isFalse();
        assertThat(room.acked(2, 0, INITIAL)).isTrue();
        // A gift recorded after retirement must go to a fresh state (the loop creates one).
        assertThat(room.recorded(3)).isFalse();
        assertThat(room.claimIfDue(Long.MAX_VALUE)).isFalse();
    }

    @Test
    void aStaleAckNeverMovesTheCursorBack() {
        RoomPending room = new RoomPending("r", 10, 0, 0);
        room.acked(7, 0, INITIAL);
        room.acked(4, 0, INITIAL);
        assertThat(room.ackedSeq()).isEqualTo(7);
    }

    @Test
    void aRepushInFlightIsNotClaimedTwice() {
        RoomPending room = new RoomPending("r", 3, 0, 0);
        assertThat(room.claimIfDue(10)).isTrue();
        assertThat(room.claimIfDue(10_000)).isFalse();
        room.repushFailed(10, INITIAL, MAX);
        assertThat(room.claimIfDue(10 + 200)).isTrue();
    }

    @Test
    void abandonsARoomWithNoGiftAndNoAckWithinTheGiveUpHorizon() {
        RoomPending room = new RoomPending("r", 3, 0, 1_000);
        assertThat(room.abandonIfIdle(1_000 + 5_000, 5_000)).isFalse();
        assertThat(room.abandonIfIdle(1_000 + 5_001, 5_000)).isTrue();
        assertThat(room.recorded(4)).isFalse();
    }
}
