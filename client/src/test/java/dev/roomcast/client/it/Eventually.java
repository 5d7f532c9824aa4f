package dev.roomcast.client.it;

import java.util.concurrent.Callable;

/** Waits for a condition on another thread's work, failing with a message after the deadline. */
final class Eventually {

    private Eventually() {
    }

    static void until(String what, Callable<Boolean> condition) throws Exception {
        long deadline = System.currentTimeMillis() + 5000;
        while (System.currentTimeMillis() < deadline) {
            if (Boolean.TRUE.equals(condition.call())) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("timed out waiting until " + what);
    }
}
