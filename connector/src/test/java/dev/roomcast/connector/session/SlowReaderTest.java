package dev.roomcast.connector.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roomcast.connector.config.ConnectorConfig;
import dev.roomcast.connector.metrics.ConnectorMetrics;
import dev.roomcast.connector.support.RecordingTransport;
import dev.roomcast.connector.transport.EncodedFrame;
import dev.roomcast.proto.v1.ErrorCode;
import dev.roomcast.proto.v1.Frame;
import dev.roomcast.proto.v1.GiftPush;
import dev.roomcast.proto.v1.Heartbeat;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The outbound bound holds for every kind of frame: replies and gifts are never dropped, but a client
 * whose socket stopped taking bytes is closed SLOW once twice the bound waits, whatever it is sent.
 */
class SlowReaderTest {

    private static final int BOUND = 10_000;

    private final ConnectorMetrics metrics = new ConnectorMetrics(new SimpleMeterRegistry());
    private final ConnectorConfig config = new SmallRyeConfigBuilder().withMapping(ConnectorConfig.class)
            .withDefaultValues(Map.of("roomcast.connector.outbound-queue-max-bytes", String.valueOf(BOUND),
                    "roomcast.connector.slow-close-millis", "60000"))
            .build().getConfigMapping(ConnectorConfig.class);
    private final Outbound outbound = new Outbound(config, metrics);
    private final RecordingTransport transport = new RecordingTransport();
    private final Session session = new Session(transport,
            new SessionHandler(config, null, null, null, null, null, metrics, null, outbound), java.util.UUID.randomUUID(), 0, 10);

    /** A small normal block for the slow-timer cases (the queue size is what the transport reports). */
    private final EncodedFrame block = EncodedFrame.of(heartbeat());

    @AfterEach
    void releaseBlock() {
        block.release();
    }

    private static Frame heartbeat() {
        return Frame.newBuilder().setHeartbeat(Heartbeat.newBuilder().setServerTimeMs(1)).build();
    }

    @Test
    void repliesWithinTheBoundAreWritten() {
        transport.pending = BOUND / 2;
        session.send(heartbeat());
        assertThat(transport.written).hasSize(1);
        assertThat(transport.closedWith).isNull();
        assertThat(session.blockedSinceMillis).isZero();
    }

    @Test
    void repliesAboveTheBoundStartTheSlowTimerButAreNotDropped() {
        transport.pending = BOUND + 1;
        session.send(heartbeat());
        assertThat(transport.written).hasSize(1);
        assertThat(transport.closedWith).isNull();
        assertThat(session.blockedSinceMillis).isPositive();
    }

    @Test
    void aClientThatDoesNotReadItsRepliesIsClosedSlowAtTwiceTheBound() {
        transport.pending = 2L * BOUND;
        session.send(heartbeat());
        assertThat(transport.written).as("nothing more is queued").isEmpty();
        assertThat(transport.closedWith).isEqualTo(ErrorCode.SLOW);
        assertThat(session.closing()).isTrue();
        session.send(heartbeat());
        assertThat(transport.written).isEmpty();
    }

    @Test
    void giftsAreBoundedTheSameWay() {
        EncodedFrame gift = EncodedFrame.of(Frame.newBuilder().setGiftPush(GiftPush.newBuilder().setRoomId("r")).build());
        try {
            transport.pending = BOUND;
            assertThat(outbound.offer(session, gift, true)).isEqualTo(Outbound.Result.WRITTEN);
            transport.pending = 2L * BOUND;
            assertThat(outbound.offer(session, gift, true)).isEqualTo(Outbound.Result.CLOSED);
            assertThat(transport.closedWith).isEqualTo(ErrorCode.SLOW);
        } finally {
            gift.release();
        }
    }

    /**
     * The socket took part of a large block and then nothing: a third of the bound stays queued, below
     * half of it, and every block of two thirds of the bound is dropped. The sweep must not take that for
     * a drained queue: the next drop after the slow limit closes the connection SLOW.
     */
    @Test
    void aQueueStuckBelowHalfThatStillDropsEveryBlockIsClosedSlow() {
        transport.pending = BOUND - block.size() + 1;
        assertThat(outbound.offer(session, block, false)).isEqualTo(Outbound.Result.DROPPED);
        long blockedSince = session.blockedSinceMillis;
        assertThat(blockedSince).isPositive();
        transport.pending = BOUND / 3;
        outbound.check(session, blockedSince + 1);
        assertThat(session.blockedSinceMillis).as("a part-full queue does not clear the slow timer").isEqualTo(blockedSince);
        outbound.check(session, blockedSince + 120_000);
        assertThat(transport.closedWith).as("the sweep closes only a queue at least half full").isNull();
        transport.pending = BOUND - block.size() + 1;
        session.blockedSinceMillis = blockedSince - 120_000;
        assertThat(outbound.offer(session, block, false)).isEqualTo(Outbound.Result.DROPPED);
        assertThat(transport.closedWith).isEqualTo(ErrorCode.SLOW);
    }

    @Test
    void aQueueThatAcceptsABlockAgainClearsTheSlowTimer() {
        transport.pending = BOUND;
        assertThat(outbound.offer(session, block, false)).isEqualTo(Outbound.Result.DROPPED);
        assertThat(session.blockedSinceMillis).isPositive();
        transport.pending = 0;
        assertThat(outbound.offer(session, block, false)).isEqualTo(Outbound.Result.WRITTEN);
        assertThat(session.blockedSinceMillis).isZero();
    }

    @Test
    void normalBlocksAreStillDroppedAtTheBound() {
        transport.pending = BOUND;
        assertThat(outbound.offer(session, block, false)).isEqualTo(Outbound.Result.DROPPED);
        assertThat(transport.closedWith).isNull();
    }
}
