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

    static final List<String> MARKERS = List.of(
            "dev.roomcast.room.membership.Membership",
            "dev.roomcast.scheduler.BlockScheduler",
            "dev.roomcast.proto.v1.Frame",
            "dev.roomcast.common.auth.Principal",
            "io.grpc.Status",
            "io.grpc.internal.ClientCallImpl",
            "io.grpc.stub.ClientCalls",
            "io.grpc.netty.NettyClientTransport",
            "io.vertx.grpc.client.GrpcClient",
            "io.vertx.grpc.common.GrpcStatus",
            "io.quarkus.grpc.runtime.ClientCalls",
            "io.netty.handler.codec.http2.Http2CodecUtil",
            "io.vertx.redis.client.Redis",
            "com.google.protobuf.Message",
            "io.smallrye.mutiny.Uni",
            "com.nimbusds.jose.JWSObject",
            "com.github.luben.zstd.Zstd",
            // REST: JSON bodies (seen: a room-service event loop blocked 2 s loading Jackson under a join storm)
            "com.fasterxml.jackson.databind.ObjectMapper",
            "com.fasterxml.jackson.core.JsonFactory",
            "io.quarkus.resteasy.reactive.jackson.runtime.serialisers.ServerJacksonMessageBodyReader",
            "org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext",
            "io.vertx.core.http.HttpServer");

    void onStart(@Observes @Priority(1) StartupEvent event) {
        ClassPreloader.Result r = ClassPreloader.preload(Thread.currentThread().getContextClassLoader(), MARKERS);
        LOG.infof("warm-up: %d classes preloaded from %d jars (%d skipped) in %d ms", r.loaded(), r.sources(),
                r.skipped(), r.millis());
    }
}
