package dev.roomcast.scheduler;

/** Wall-clock millis; a fake in tests. */
@FunctionalInterface
public interface TimeSource {
    long nowMillis();

    TimeSource SYSTEM = System::currentTimeMillis;
}
