package dev.roomcast.nativecheck;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The JNI libraries on the services' classpath and what their C code reaches back into Java for. That
 * cannot be read from bytecode, so it is written down here, from each library's sources, next to the
 * check that enforces it. A jar with native libraries that is not listed fails the check: whoever adds one
 * states what it needs (or why it is never loaded).
 */
public final class JniLibraries {

    /**
     * @param packagePrefix  internal-name prefix of the library's classes (how calls into it are recognised)
     * @param loadedFrom     directories, per Linux architecture the images are built for, that its loader
     *                       reads the library from (the .so files found there must be registered resources); for
     *                       a library shipped in jars without classes, the file-name prefix of its .so files
     * @param jniNeeds       fields and methods its C code looks up
     * @param notLoaded      why the library never loads in our services (null when it does)
     */
    public record Library(String name, String packagePrefix, List<String> loadedFrom, List<Need> jniNeeds,
            String notLoaded) {
    }

    /** Architectures the release images are built for (see .github/workflows/native.yml). */
    public static final List<String> LINUX_ARCHS = List.of("amd64", "aarch64");

    private static final String ZSTD = "com.github.luben.zstd.";

    private static List<Need> zstdJni() {
        // From zstd-jni 1.5.7's src/main/native/jni_*.c: GetFieldID / GetMethodID / FindClass calls.
        String why = "zstd-jni C code (jni_*.c)";
        List<Need> needs = new ArrayList<>();
        for (String type : List.of("ZstdCompressCtx", "ZstdDecompressCtx", "ZstdDictCompress", "ZstdDictDecompress")) {
            needs.add(Need.jniField(ZSTD + type, "nativePtr", why));
        }
        for (String type : List.of("BaseZstdBufferDecompressingStreamNoFinalizer",
                "ZstdDirectBufferCompressingStreamNoFinalizer")) {
            needs.add(Need.jniField(ZSTD + type, "consumed", why));
            needs.add(Need.jniField(ZSTD + type, "produced", why));
        }
        for (String type : List.of("ZstdInputStreamNoFinalizer", "ZstdOutputStreamNoFinalizer")) {
            needs.add(Need.jniField(ZSTD + type, "srcPos", why));
            needs.add(Need.jniField(ZSTD + type, "dstPos", why));
        }
        needs.add(Need.jniMethod(ZSTD + "ZstdFrameProgression", "<init>",
                List.of("long", "long", "long", "long", "int", "int"), why));
        needs.add(Need.jniMethod("java.lang.OutOfMemoryError", "<init>", List.of("java.lang.String"),
                why + ": ThrowNew in jni_zdict.c"));
        return needs;
    }

    public static final List<Library> KNOWN = List.of(
            // Native.load() copies /linux/<os.arch>/libzstd-jni-<version>.so out of its jar, then System.load.
            new Library("zstd-jni", "com/github/luben/zstd/",
                    LINUX_ARCHS.stream().map(a -> "linux/" + a + "/").toList(), zstdJni(), null),
            // Netty's Brotli codec, pulled in by Vert.x HTTP: loaded only for HTTP response compression,
            // which the services leave off (quarkus.http.enable-compression defaults to false).
            new Library("brotli4j", "com/aayushatharva/brotli4j/", List.of(), List.of(),
                    "HTTP compression is off; only Netty's Brotli encoder would load it"),
            // Netty's epoll transport (connector, roomcast.connector.native-transport): its library comes in
            // jars of its own, without classes (one per architecture classifier); Vert.x loads it, never our
            // code, and Netty's own native-image configuration (netty-transport-classes-epoll) registers its
            // JNI lookups and the .so files.
            new Library("netty-transport-native-epoll", "io/netty/channel/epoll/",
                    List.of("META-INF/native/libnetty_transport_native_epoll_"), List.of(), null));

    public static Optional<Library> forClass(String internalName) {
        return KNOWN.stream().filter(l -> internalName.startsWith(l.packagePrefix())).findFirst();
    }

    /**
     * The library a native file belongs to, for jars that hold the library but no classes: only a
     * {@code loadedFrom} entry naming the file itself (a prefix not ending in '/') claims it, never a
     * directory any library could use.
     */
    public static Optional<Library> forNativeFile(String entryName) {
        return KNOWN.stream().filter(l -> l.loadedFrom().stream()
                .anyMatch(from -> !from.endsWith("/") && entryName.startsWith(from))).findFirst();
    }

    private JniLibraries() {
    }
}
