package dev.roomcast.loadgen.traffic;

import java.util.random.RandomGenerator;

/** The chat mixes the generator can publish ({@code --mix}). */
public enum ChatMixKind {
    /** Chinese danmaku, plain-text bodies: the traffic the bundled dictionary was trained for. */
    REALISTIC,
    /** English/Spanish/Japanese/Korean chat with JSON bodies of another shape: the dictionary never saw it. */
    ALT;

    public ChatSource create(RandomGenerator random) {
        return this == REALISTIC ? ChatMix.realistic(random) : AltChatMix.international(random);
    }
}
