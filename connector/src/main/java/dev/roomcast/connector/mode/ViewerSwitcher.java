package dev.roomcast.connector.mode;

import dev.roomcast.common.ids.Ids;
import dev.roomcast.connector.config.ConnectorConfig;
import dev.roomcast.connector.membership.Mcast;
import dev.roomcast.connector.membership.McastRegistry;
import dev.roomcast.connector.session.Session;
import dev.roomcast.connector.transport.EventLoops;
import dev.roomcast.proto.v1.Frame;
import dev.roomcast.proto.v1.JoinReply;
import dev.roomcast.proto.v1.SwitchToPolling;
import dev.roomcast.proto.v1.SwitchToPush;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * Carries out a room's switch on this connector: each of its viewers is switched on its own event loop
 * at a random moment within the window (so the mailbox sees the room's pollers arrive spread out, and
 * the catch-up reads with them). Anchors and gift-channel connections are never switched.
 *
 * <p>The hand-over is exact because everything for one connection happens on its loop: from the moment
 * a viewer is marked polling no block of the room is written to it, and the cursor it gets is below the
 * newest msgId written on that loop (minus the look-back). Back to push: unmarked first, then
 * SwitchToPush, so every block after the frame reaches it; the client's settle read covers the gap.
 */
@Singleton
public class ViewerSwitcher {

    private final EventLoops loops;
    private final McastRegistry mcasts;
    private final ConnectorConfig config;
    private final long lookbackIds;
    private final AtomicLong pollingViewers = new AtomicLong();
    private final Counter toPoll;
    private final Counter toPush;

    ViewerSwitcher(EventLoops loops, McastRegistry mcasts, ConnectorConfig config, MeterRegistry registry) {
        this.loops = loops;
        this.mcasts = mcasts;
        this.config = config;
        this.lookbackIds = (long) config.delivery().cursorLookbackMillis() * Ids.MSG_IDS_PER_MILLI;
        Gauge.builder("roomcast_connector_polling_viewers", pollingViewers, AtomicLong::get)
                .description("Viewer connections switched to polling (their rooms' blocks are not pushed to them)")
                .register(registry);
        this.toPoll = Counter.builder("roomcast_connector_delivery_switches_total").tag("to", "poll")
                .description("Viewer connections switched, by direction").register(registry);
        this.toPush = Counter.builder("roomcast_connector_delivery_switches_total").tag("to", "push").register(registry);
    }

    /**
     * Switches the room's local viewers, each at a random moment within {@code windowMillis}, provided the
     * room's mode is still {@code stillWanted} then. Returns how many viewers will be switched.
     */
    public int switchRoom(String roomId, boolean poll, String reason, int windowMillis, Predicate<String> stillWanted) {
        Mcast mcast = mcasts.get("room:" + roomId);
        if (mcast == null) {
            return 0;
        }
        int window = windowMillis > 0 ? windowMillis : config.delivery().switchWindowMillis();
        int count = 0;
        for (int loop = 0; loop < loops.count(); loop++) {
            List<Session> members = new ArrayList<>(mcast.membersOnLoop(loop));
            for (Session session : members) {
                if (!session.switchable(roomId)) {
                    continue;   // read off the session's loop: a fresh anchor or gift join may be missed; switchOne re-checks there
                }
                count++;
                long delay = ThreadLocalRandom.current().nextLong(Math.max(1, window));
                loops.schedule(loop, delay, () -> {
                    if (stillWanted.test(roomId) == poll) {
                        switchOne(session, roomId, poll, reason);
                    }
                });
            }
        }
        return count;
    }

    /** A viewer just joined a room in poll mode: switched at once (joins come spread by themselves). */
    public void afterJoin(Session session, String roomId, String reason) {
        session.transport().loop().execute(() -> switchOne(session, roomId, true, reason));
    }

    /** On the session's loop: a member leaving or closing stops counting as polling. */
    public void forget(Session session, String roomId) {
        if (session.stopPolling(roomId)) {
            pollingViewers.decrementAndGet();
            Mcast mcast = mcasts.get("room:" + roomId);
            if (mcast != null) {
                mcast.pollingChanged(-1);
            }
        }
    }

    private void switchOne(Session session, String roomId, boolean poll, String reason) {
        String mcastId = "room:" + roomId;
        if (session.closing() || !session.inMcast(mcastId) || !session.switchable(roomId)) {
            return;
        }
        Mcast mcast = mcasts.get(mcastId);
        if (mcast == null) {
            return;
        }
        if (poll) {
            if (!session.startPolling(roomId)) {
                return;
            }
            mcast.pollingChanged(1);
            pollingViewers.incrementAndGet();
            toPoll.increment();
            long pushed = mcast.lastMsgIdOn(session.loopIndex());
            long cursor = pushed == 0 ? 0 : Math.max(1, pushed - lookbackIds);
            JoinReply join = mcast.lastJoin();
            int interval = join != null && join.getPollIntervalMs() > 0 ? join.getPollIntervalMs()
                    : config.defaultPollIntervalMillis();
            session.send(Frame.newBuilder().setSwitchToPolling(SwitchToPolling.newBuilder().setRoomId(roomId)
                    .setPollUrl(config.historyUrl()).setPollIntervalMs(interval).setCursor(cursor).setReason(reason))
                    .build());
        } else {
            if (!session.stopPolling(roomId)) {
                return;
            }
            mcast.pollingChanged(-1);
            pollingViewers.decrementAndGet();
            toPush.increment();
            session.send(Frame.newBuilder().setSwitchToPush(SwitchToPush.newBuilder().setRoomId(roomId)
                    .setSettleMs(config.delivery().pushSettleMillis()).setReason(reason)).build());
        }
    }
}
