package dev.roomcast.connector.mode;

/** This connector's load as one ratio (1.0 = at the configured capacity); the governor's only input. */
public interface PressureSource {

    double pressure(long nowMillis);
}
