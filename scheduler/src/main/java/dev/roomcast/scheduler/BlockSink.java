package dev.roomcast.scheduler;

/** Where finished blocks go (room-service: one PushBlock per connector in the mcast's route). */
@FunctionalInterface
public interface BlockSink {
    /** Called on the scheduler thread: must not block (hand the bytes to an async client). */
    void send(EncodedBlock block);
}
