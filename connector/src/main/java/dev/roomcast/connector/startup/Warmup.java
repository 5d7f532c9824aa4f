package dev.roomcast.connector.startup;

import com.google.protobuf.util.JsonFormat;
import dev.roomcast.common.runtime.ClassPreloader;
import dev.roomcast.connector.backend.ServiceCredentials;
import dev.roomcast.proto.v1.Error;
import dev.roomcast.proto.v1.ErrorCode;
import dev.roomcast.proto.v1.Frame;
import dev.roomcast.proto.v1.Join;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Loads and warms, before the listeners accept anyone, what event loops use: every class of gRPC,
 * Netty HTTP/2, protobuf, Mutiny, Nimbus and the project's own jars (see {@link ClassPreloader}), the
 * JSON frame mode, token parsing and its error path. Nothing on an event loop then waits for a jar.
 */
@Singleton
public class Warmup {

    private static final Logger LOG = Logger.getLogger(Warmup.class);

    /** This service's own jars, on top of {@link ClassPreloader#EVENT_LOOP_JARS}. */
    static final List<String> MARKERS = List.of(
            "dev.roomcast.connector.session.Session",
            "io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker");

    private final ServiceCredentials credentials;

    Warmup(ServiceCredentials credentials) {
        this.credentials = credentials;
    }

    // Before the listeners and the lease keeper start (they observe StartupEvent at the default priority).
    void onStart(@Observes @Priority(1) StartupEvent event) {
        ClassPreloader.Result loaded = ClassPreloader.preloadEventLoopJars(Thread.currentThread().getContextClassLoader(), MARKERS);
        long start = System.nanoTime();
        try {
            Frame sample = Frame.newBuilder().setReqId(1).setJoin(Join.newBuilder().setRoomId("warmup")).build();
            Frame.Builder parsed = Frame.newBuilder();
            JsonFormat.parser().merge(JsonFormat.printer().omittingInsignificantWhitespace().print(sample), parsed);
            Frame.parseFrom(Frame.newBuilder().setError(Error.newBuilder().setCode(ErrorCode.UNAVAILABLE)
                    .setRetryAfterMs(1)).build().toByteArray());
        } catch (Exception e) {
            LOG.debugf("frame warm-up: %s", e.getMessage());
        }
        try {
            credentials.verifier().verify("warm.up.token");
        } catch (RuntimeException e) {
            // Expected: the rejection path is what a bad client hits first, so it is warmed too.
        }
        LOG.infof("warm-up: %d classes preloaded from %d jars (%d skipped) in %d ms, frames and tokens in %d ms",
                loaded.loaded(), loaded.sources(), loaded.skipped(), loaded.millis(), (System.nanoTime() - start) / 1_000_000);
    }
}
