package dev.roomcast.loadgen.traffic;

/** Events per second the platform backend publishes, summed over all rooms. */
public record PublishRates(double chat, double gift, double pk, double like) {
}
