package dev.roomcast.room.startup;

import dev.roomcast.common.runtime.ClassPreloader;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Loads, before traffic arrives, every class of the jars event loops use (gRPC, Netty HTTP/2, the Redis
 * client, protobuf, zstd, the scheduler, the project's own code): a class loaded lazily on a saturated
 * event loop can wait a long time behind another thread's jar access (see {@link ClassPreloader}).
 */
@Singleton
public class Warmup {

    private static final Logger LOG = Logger.getLogger(Warmup.class);

    /** This service's own jars, on top of {@link ClassPreloader#EVENT_LOOP_JARS}. */
    static final List<String> MARKERS = List.of(
            "dev.roomcast.room.membership.Membership",
            "dev.roomcast.scheduler.BlockScheduler",
            "io.vertx.redis.client.Redis");

    void onStart(@Observes @Priority(1) StartupEvent event) {
        ClassPreloader.Result r = ClassPreloader.preloadEventLoopJars(Thread.currentThread().getContextClassLoader(), MARKERS);
        LOG.infof("warm-up: %d classes preloaded from %d jars (%d skipped) in %d ms", r.loaded(), r.sources(),
                r.skipped(), r.millis());
    }
}
