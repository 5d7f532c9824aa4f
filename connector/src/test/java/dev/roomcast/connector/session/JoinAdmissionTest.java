package dev.roomcast.connector.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class JoinAdmissionTest {

    private final AtomicLong clock = new AtomicLong(1_000_000);

    @Test
    void admitsUpToTheInitialLimitThenRefusesAtOnce() {
        JoinAdmission admission = new JoinAdmission(32, 1000, 500, 0, 1000, clock::get);
        for (int i = 0; i < 32; i++) {
            assertTrue(admission.tryAcquire(), "join " + i);
        }
        assertFalse(admission.tryAcquire());
        assertEquals(32, admission.inFlight());
        assertEquals(1.0, admission.pressure());
    }

    @Test
    void fastAnswersRaiseTheLimitToTheMaximumAndNoFurther() {
        JoinAdmission admission = new JoinAdmission(32, 40, 500, 0, 1000, clock::get);
        for (int i = 0; i < 20; i++) {
            assertTrue(admission.tryAcquire());
            admission.release(20, false);
        }
        assertEquals(40, admission.limit());
        assertEquals(0, admission.inFlight());
    }

    @Test
    void slowAnswersCutTheLimitByAQuarterOncePerTargetInterval() {
        JoinAdmission admission = new JoinAdmission(400, 1000, 500, 0, 1000, clock::get);
        for (int i = 0; i < 100; i++) {
            admission.tryAcquire();
        }
        // A whole slow batch answers at once: it counts as one cut, not a hundred.
        for (int i = 0; i < 100; i++) {
            admission.release(2_000, false);
        }
        assertEquals(300, admission.limit());
        clock.addAndGet(500);
        admission.tryAcquire();
        admission.release(0, true);   // timed out
        assertEquals(225, admission.limit());
    }

    @Test
    void theLimitNeverFallsBelowTheFloor() {
        JoinAdmission admission = new JoinAdmission(64, 1000, 100, 0, 1000, clock::get);
        for (int i = 0; i < 50; i++) {
            admission.tryAcquire();
            admission.release(0, true);
            clock.addAndGet(100);
        }
        assertEquals(JoinAdmission.MIN_LIMIT, admission.limit());
        for (int i = 0; i < JoinAdmission.MIN_LIMIT; i++) {
            assertTrue(admission.tryAcquire());
        }
        assertFalse(admission.tryAcquire());
    }

    @Test
    void recoversAfterRoomServiceIsFastAgain() {
        JoinAdmission admission = new JoinAdmission(64, 200, 100, 0, 1000, clock::get);
        for (int i = 0; i < 20; i++) {
            admission.tryAcquire();
            admission.release(0, true);
            clock.addAndGet(100);
        }
        assertEquals(JoinAdmission.MIN_LIMIT, admission.limit());
        for (int i = 0; i < 500; i++) {
            admission.tryAcquire();
            admission.release(10, false);
        }
        assertEquals(200, admission.limit());
    }

    @Test
    void joinsBeyondTheLimitWaitAndAreAdmittedOldestFirstAsSlotsFree() {
        JoinAdmission admission = new JoinAdmission(16, 16, 500, 3, 5_000, clock::get);
        for (int i = 0; i < 16; i++) {
            assertEquals(JoinAdmission.Outcome.ADMITTED, admission.acquireOrWait(new Recorder("x", new ArrayList<>())));
        }
        List<String> told = new ArrayList<>();
        for (String name : List.of("a", "b", "c")) {
            assertEquals(JoinAdmission.Outcome.QUEUED, admission.acquireOrWait(new Recorder(name, told)));
        }
        assertEquals(JoinAdmission.Outcome.REFUSED, admission.acquireOrWait(new Recorder("d", told)),
                "the queue holds three");
        assertTrue(told.isEmpty(), "nobody is told on the call that queued it");
        admission.release(10, false);   // a fast answer: one slot for "a", and the limit stays at its maximum
        assertEquals(List.of("a+"), told);
        admission.release(10, false);
        admission.release(10, false);
        assertEquals(List.of("a+", "b+", "c+"), told);
        assertEquals(0, admission.waiting());
        assertEquals(16, admission.inFlight());
    }

    @Test
    void aJoinThatWaitedTooLongIsToldSoAndTakesNoSlot() {
        JoinAdmission admission = new JoinAdmission(16, 16, 500, 10, 2_000, clock::get);
        for (int i = 0; i < 16; i++) {
            admission.tryAcquire();
        }
        List<String> told = new ArrayList<>();
        admission.acquireOrWait(new Recorder("old", told));
        clock.addAndGet(1_500);
        admission.acquireOrWait(new Recorder("young", told));
        clock.addAndGet(1_000);   // "old" has waited 2.5 s, "young" 1 s
        admission.release(10, false);
        assertEquals(List.of("old-", "young+"), told);
        assertEquals(16, admission.inFlight());
    }

    @Test
    void aSlotFreedWithoutAnAnswerGoesToTheOldestWaiter() {
        JoinAdmission admission = new JoinAdmission(16, 16, 500, 10, 5_000, clock::get);
        for (int i = 0; i < 16; i++) {
            admission.tryAcquire();
        }
        List<String> told = new ArrayList<>();
        admission.acquireOrWait(new Recorder("first", told));
        admission.abandon();   // a slot freed without an answer (its connection left while waiting)
        assertEquals(List.of("first+"), told);
        admission.abandon();
        // A slot is free now and nobody waits: the next one goes straight in.
        assertEquals(JoinAdmission.Outcome.ADMITTED, admission.acquireOrWait(new Recorder("next", told)));
        assertFalse(admission.tryAcquire());
    }

    private record Recorder(String name, List<String> told) implements JoinAdmission.Waiter {
        @Override
        public void admitted() {
            told.add(name + "+");
        }

        @Override
        public void expired() {
            told.add(name + "-");
        }
    }
}
