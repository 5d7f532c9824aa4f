package dev.roomcast.loadgen.traffic;

/** Events per second the platform backend publishes, summed over all rooms, and which chat it writes. */
public record PublishRates(double chat, double gift, double pk, double like, ChatMixKind chatMix) {

    public PublishRates(double chat, double gift, double pk, double like) {
        this(chat, gift, pk, like, ChatMixKind.REALISTIC);
    }
}
