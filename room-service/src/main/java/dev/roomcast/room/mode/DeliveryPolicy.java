package dev.roomcast.room.mode;

import dev.roomcast.proto.v1.DeliveryMode;

/**
 * A room's operator delivery mode: {@code push} (the default, also when nothing is stored) or {@code poll}
 * with the operator's reason, since when, and until when ({@code 0} = until set back).
 */
public record DeliveryPolicy(Mode mode, String reason, long sinceMs, long untilMs) {

    public enum Mode {
        PUSH, POLL;

        /** The wire name used by the REST API and in Redis. */
        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** @return null for anything but {@code push} or {@code poll} */
        public static Mode parse(String wire) {
            if (wire == null) {
                return null;
            }
            return switch (wire) {
                case "push" -> PUSH;
                case "poll" -> POLL;
                default -> null;
            };
        }

        public DeliveryMode proto() {
            return this == POLL ? DeliveryMode.DELIVERY_POLL : DeliveryMode.DELIVERY_PUSH;
        }
    }

    public static final DeliveryPolicy DEFAULT = new DeliveryPolicy(Mode.PUSH, "", 0, 0);

    /** The mode in force at {@code nowMs}: a poll whose {@code until} has passed is push again. */
    public Mode effectiveAt(long nowMs) {
        return mode == Mode.POLL && untilMs > 0 && untilMs <= nowMs ? Mode.PUSH : mode;
    }
}
