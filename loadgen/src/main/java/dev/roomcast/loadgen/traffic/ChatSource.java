package dev.roomcast.loadgen.traffic;

/** Chat lines as the business backend publishes them (after moderation). */
public interface ChatSource {

    ChatMix.ChatLine next();
}
