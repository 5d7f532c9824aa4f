package dev.roomcast.common.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Loads, at startup and off the event loops, every class of the jars that event loops will need (gRPC,
 * Netty HTTP/2, protobuf, the project's own code). A class loaded lazily on an event loop while the
 * machine is saturated can wait behind another thread's jar access for a long time (seen: a connector
 * event loop blocked 93 s in the runner class loader under a 20,000-connection join storm); once every
 * class is loaded nothing on the hot paths touches a jar again. Classes are loaded without running
 * their static initializers; a class whose optional dependencies are absent is skipped and counted.
 * In a native image it does nothing (native-check's {@code CodeScan.JVM_ONLY} knows this).
 */
public final class ClassPreloader {

    /** What a preload did: jars (or class directories) read, classes loaded, classes that could not be. */
    public record Result(int sources, int loaded, int skipped, long millis) {
    }

    /**
     * One class of each jar whose classes every service's event loops touch: gRPC, Netty HTTP/2, Vert.x,
     * protobuf, Mutiny, Nimbus, zstd and the REST/JSON stack (seen: a room-service event loop blocked 2 s
     * loading Jackson under a join storm). A service adds its own packages' markers.
     */
    public static final List<String> EVENT_LOOP_JARS = List.of(
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
            "io.vertx.core.http.HttpServer",
            "com.google.protobuf.Message",
            "io.smallrye.mutiny.Uni",
            "com.nimbusds.jose.JWSObject",
            "com.github.luben.zstd.Zstd",
            "com.fasterxml.jackson.databind.ObjectMapper",
            "com.fasterxml.jackson.core.JsonFactory",
            "io.quarkus.resteasy.reactive.jackson.runtime.serialisers.ServerJacksonMessageBodyReader",
            "org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext");

    private ClassPreloader() {
    }

    /** Preloads the shared event-loop jars plus the service's own markers. */
    public static Result preloadEventLoopJars(ClassLoader loader, List<String> serviceMarkers) {
        List<String> all = new ArrayList<>(EVENT_LOOP_JARS);
        all.addAll(serviceMarkers);
        return preload(loader, all);
    }

    /** Preloads the jars or directories that hold each of the marker classes (their whole content). */
    public static Result preload(ClassLoader loader, List<String> markerClasses) {
        long start = System.nanoTime();
        if (System.getProperty("org.graalvm.nativeimage.imagecode") != null) {
            return new Result(0, 0, 0, 0);   // a native image: every class is built in, nothing to load
        }
        Set<String> sources = new LinkedHashSet<>();
        List<String> names = new ArrayList<>();
        for (String marker : markerClasses) {
            URL url = loader.getResource(marker.replace('.', '/') + ".class");
            if (url == null) {
                continue;
            }
            try {
                if ("jar".equals(url.getProtocol())) {
                    URLConnection connection = url.openConnection();
                    connection.setUseCaches(false);
                    String jar = ((JarURLConnection) connection).getJarFileURL().toString();
                    if (sources.add(jar)) {
                        classesOfJar(((JarURLConnection) connection).getJarFileURL(), names);
                    }
                } else if ("file".equals(url.getProtocol())) {
                    Path classFile = Paths.get(url.toURI());
                    Path root = classFile;
                    for (int i = 0, n = marker.split("\\.").length; i < n; i++) {
                        root = root.getParent();
                    }
                    if (sources.add(root.toString())) {
                        classesOfDirectory(root, names);
                    }
                }
            } catch (IOException | URISyntaxException | RuntimeException e) {
                // A marker we cannot read is just not preloaded; lazy loading still works.
            }
        }
        int loaded = 0;
        int skipped = 0;
        for (String name : names) {
            try {
                Class.forName(name, false, loader);
                loaded++;
            } catch (Throwable e) {   // LinkageError for optional dependencies that are not on the class path
                skipped++;
            }
        }
        return new Result(sources.size(), loaded, skipped, (System.nanoTime() - start) / 1_000_000);
    }

    private static void classesOfJar(URL jarUrl, List<String> names) throws IOException {
        Path path;
        try {
            path = Paths.get(jarUrl.toURI());
        } catch (URISyntaxException | RuntimeException e) {
            return;
        }
        try (JarFile jar = new JarFile(path.toFile())) {
            Enumeration<JarEntry> entries = jar.entries();
            while (entries.hasMoreElements()) {
                String entry = entries.nextElement().getName();
                addIfClass(entry, names);
            }
        }
    }

    private static void classesOfDirectory(Path root, List<String> names) {
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(Files::isRegularFile)
                    .forEach(f -> addIfClass(root.relativize(f).toString().replace('\\', '/'), names));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void addIfClass(String entry, List<String> names) {
        if (entry.endsWith(".class") && !entry.startsWith("META-INF/") && !entry.endsWith("module-info.class")
                && !entry.endsWith("package-info.class")) {
            names.add(entry.substring(0, entry.length() - ".class".length()).replace('/', '.'));
        }
    }
}
