package dev.roomcast.client.policy;

import dev.roomcast.proto.v1.ErrorCode;

/**
 * What a client does with an error or close code, from its numeric range alone (the contract in
 * client.proto), so that a code added to the server later is still handled sensibly.
 */
public enum ErrorClass {
    /** 4000-4099: the request failed, the connection stays. */
    REQUEST,
    /** 4100-4499: the connection is gone; reconnect with back-off. */
    RECONNECT,
    /** 4500-4999: do not reconnect without a new token or user action. */
    TERMINAL;

    public static ErrorClass of(int code) {
        if (code >= 4000 && code < 4100) {
            return REQUEST;
        }
        if (code >= 4500 && code < 5000) {
            return TERMINAL;
        }
        // 4100-4499 and anything outside the documented ranges (network loss, 1006, unknown codes):
        // reconnecting with back-off is the safe default.
        return RECONNECT;
    }

    /**
     * A request-level refusal that says "not now" rather than "never": a backend did not answer
     * ({@code UNAVAILABLE}), the connector's view of the room was not ready ({@code NOT_JOINED}), or
     * the client sent too fast ({@code RATE_LIMITED}). A join refused so is retried with back-off; any
     * other 4000-4099 code (bad room, not allowed, too many rooms) will not change by retrying.
     */
    public static boolean retryable(int code) {
        return code == ErrorCode.UNAVAILABLE_VALUE || code == ErrorCode.NOT_JOINED_VALUE
                || code == ErrorCode.RATE_LIMITED_VALUE;
    }

    public static ErrorClass of(ErrorCode code) {
        return of(code.getNumber());
    }
}
