package dev.roomcast.connector.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class JoinAdmissionTest {

    private final AtomicLong clock = new AtomicLong(1_000_000);

    @Test
    void admitsUpToTheInitialLimitThenRefusesAtOnce() {
        JoinAdmission admission = new JoinAdmission(32, 1000, 500, clock::get);
        for (int i = 0; i < 32; i++) {
            assertTrue(admission.tryAcquire(), "join " + i);
        }
        assertFalse(admission.tryAcquire());
        assertEquals(32, admission.inFlight());
        assertEquals(1.0, admission.pressure());
    }

    @Test
    void fastAnswersRaiseTheLimitToTheMaximumAndNoFurther() {
        JoinAdmission admission = new JoinAdmission(32, 40, 500, clock::get);
        for (int i = 0; i < 20; i++) {
            assertTrue(admission.tryAcquire());
            admission.release(20, false);
        }
        assertEquals(40, admission.limit());
        assertEquals(0, admission.inFlight());
    }

    @Test
    void slowAnswersCutTheLimitByAQuarterOncePerTargetInterval() {
        JoinAdmission admission = new JoinAdmission(400, 1000, 500, clock::get);
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
        JoinAdmission admission = new JoinAdmission(64, 1000, 100, clock::get);
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
        JoinAdmission admission = new JoinAdmission(64, 200, 100, clock::get);
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
}
