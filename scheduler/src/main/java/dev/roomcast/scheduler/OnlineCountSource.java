package dev.roomcast.scheduler;

/** The room's online count; called on the scheduler thread, so it must be cheap (cached by the caller). */
@FunctionalInterface
public interface OnlineCountSource {
    long onlineCount(String roomId);
}
