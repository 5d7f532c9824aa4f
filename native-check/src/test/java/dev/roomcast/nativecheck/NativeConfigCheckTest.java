package dev.roomcast.nativecheck;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.Zstd;
import dev.roomcast.scheduler.BlockCodec;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * The check against fixtures shaped like {@code target/native-sources/}, built from the real scheduler
 * classes, the real zstd-jni jar and room-service's committed registrations: those pass, and taking out
 * the dictionary or the zstd-jni registration fails. (The check of the real build output runs after the
 * native sources-only build: {@code ./mvnw package -DskipTests -Dnative -Dquarkus.native.sources-only=true}.)
 */
class NativeConfigCheckTest {

    static final Path ROOT = Path.of(System.getProperty("roomcast.root", ".."));
    static final Path ROOM_SERVICE = ROOT.resolve("room-service/src/main/resources");
    static final String DICTIONARY = "dev/roomcast/scheduler/roomcast-blocks.zdict";

    @TempDir
    Path dir;

    /** room-service's quarkus.native.resources.includes, as committed. */
    static List<String> roomServiceResourceIncludes() throws IOException {
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(ROOM_SERVICE.resolve("application.properties"))) {
            props.load(in);
        }
        String includes = props.getProperty("quarkus.native.resources.includes", "");
        return Arrays.stream(includes.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    static String roomServiceJniConfig() throws IOException {
        return Files.readString(ROOM_SERVICE.resolve(
                "META-INF/native-image/dev.roomcast/roomcast-room-service/jni-config.json"));
    }

    static String resourceConfig(List<String> globs) {
        return globs.stream().map(g -> "{\"glob\": \"" + g + "\"}")
                .collect(Collectors.joining(",", "{\"resources\": {\"includes\": [", "]}}"));
    }

    /** A room-service-like image: the scheduler and zstd-jni on the classpath, registrations as given. */
    NativeSourcesFixture roomService(List<String> resourceGlobs, String jniConfig) {
        NativeSourcesFixture fixture = new NativeSourcesFixture(dir)
                .libOf(BlockCodec.class, "dev.roomcast.roomcast-scheduler.jar")
                .libOf(Zstd.class, "com.github.luben.zstd-jni.jar")
                .runnerEntry("META-INF/native-image/resource-config.json", resourceConfig(resourceGlobs));
        if (jniConfig != null) {
            fixture.runnerEntry("META-INF/native-image/dev.roomcast/roomcast-room-service/jni-config.json", jniConfig);
        }
        return fixture;
    }

    @Test
    void committedRoomServiceRegistrationsCoverDictionaryAndZstd() throws IOException {
        NativeConfigCheck.Report report = NativeConfigCheck.check("room-service",
                roomService(roomServiceResourceIncludes(), roomServiceJniConfig()).write());

        assertThat(report.ok()).as(report.toString()).isTrue();
        assertThat(report.needs()).extracting(Need::name).contains(DICTIONARY,
                "linux/amd64/libzstd-jni-1.5.7-4.so", "linux/aarch64/libzstd-jni-1.5.7-4.so",
                "com.github.luben.zstd.ZstdDictCompress");
    }

    @Test
    void failsWhenTheDictionaryIsNotRegistered() throws IOException {
        List<String> withoutDictionary = roomServiceResourceIncludes().stream()
                .filter(g -> !g.endsWith(".zdict")).toList();
        assertThat(withoutDictionary).hasSize(roomServiceResourceIncludes().size() - 1);

        NativeConfigCheck.Report report = NativeConfigCheck.check("room-service",
                roomService(withoutDictionary, roomServiceJniConfig()).write());

        assertThat(report.ok()).isFalse();
        assertThat(report.missing()).extracting(Need::kind, Need::name)
                .containsOnly(org.assertj.core.groups.Tuple.tuple(Need.Kind.RESOURCE, DICTIONARY));
        assertThat(report.missing()).extracting(Need::because)
                .contains("opened by name in dev.roomcast.scheduler.BlockCodec#bundledDictionary");
    }

    @Test
    void failsWhenZstdJniJniConfigurationIsMissing() throws IOException {
        NativeConfigCheck.Report report = NativeConfigCheck.check("room-service",
                roomService(roomServiceResourceIncludes(), null).write());

        assertThat(report.ok()).isFalse();
        assertThat(report.missing()).extracting(Need::toString).anyMatch(s -> s.startsWith(
                "JNI_FIELD com.github.luben.zstd.ZstdDictCompress.nativePtr"));
        assertThat(report.missing()).allMatch(n -> n.kind() == Need.Kind.JNI_FIELD || n.kind() == Need.Kind.JNI_METHOD);
    }

    @Test
    void failsWhenOneZstdJniFieldIsDropped() throws IOException {
        String jni = roomServiceJniConfig().replace(
                "{\"name\": \"com.github.luben.zstd.ZstdDictDecompress\", \"fields\": [{\"name\": \"nativePtr\"}]},", "");
        assertThat(jni).isNotEqualTo(roomServiceJniConfig());

        NativeConfigCheck.Report report = NativeConfigCheck.check("room-service",
                roomService(roomServiceResourceIncludes(), jni).write());

        assertThat(report.missing()).extracting(Need::name, Need::member)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("com.github.luben.zstd.ZstdDictDecompress", "nativePtr"));
    }

    @Test
    void failsWhenZstdJniLibraryForAnArchitectureIsNotRegistered() throws IOException {
        List<String> amd64Only = roomServiceResourceIncludes().stream()
                .filter(g -> !g.startsWith("linux/aarch64/")).toList();

        NativeConfigCheck.Report report = NativeConfigCheck.check("room-service",
                roomService(amd64Only, roomServiceJniConfig()).write());

        assertThat(report.missing()).extracting(Need::name).containsExactly("linux/aarch64/libzstd-jni-1.5.7-4.so");
    }

    @Test
    void aNewResourceInOurJarsMustBeRegistered() throws IOException {
        NativeConfigCheck.Report report = NativeConfigCheck.check("room-service",
                roomService(roomServiceResourceIncludes(), roomServiceJniConfig())
                        .runnerEntry("dev/roomcast/room/policy/default-tiers.json", "{}").write());

        assertThat(report.missing()).extracting(Need::name).containsExactly("dev/roomcast/room/policy/default-tiers.json");
    }

    @Test
    void aResourceOpenedByNameIsResolvedAgainstTheClassPackage() {
        byte[] reader = NativeSourcesFixture.classWith("dev/roomcast/x/TierTable", "java/lang/Object", "TierTable.java",
                mv -> {
                    mv.visitLdcInsn(Type.getObjectType("dev/roomcast/x/TierTable"));
                    mv.visitLdcInsn("tiers.csv");
                    mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/Class", "getResourceAsStream",
                            "(Ljava/lang/String;)Ljava/io/InputStream;", false);
                    mv.visitInsn(Opcodes.POP);
                });
        Path sources = new NativeSourcesFixture(dir).runnerEntry("dev/roomcast/x/TierTable.class", reader).write();

        NativeConfigCheck.Report report = NativeConfigCheck.check("x", sources);

        assertThat(report.missing()).extracting(Need::name).containsExactly("dev/roomcast/x/tiers.csv");
    }

    @Test
    void aResourceNameTheScanCannotReadIsAProblem() {
        byte[] reader = NativeSourcesFixture.classWith("dev/roomcast/x/Loader", "java/lang/Object", "Loader.java",
                mv -> {
                    mv.visitLdcInsn(Type.getObjectType("dev/roomcast/x/Loader"));
                    mv.visitVarInsn(Opcodes.ALOAD, 0);
                    mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/Class", "getResourceAsStream",
                            "(Ljava/lang/String;)Ljava/io/InputStream;", false);
                    mv.visitInsn(Opcodes.POP);
                });
        Path sources = new NativeSourcesFixture(dir).runnerEntry("dev/roomcast/x/Loader.class", reader).write();

        NativeConfigCheck.Report report = NativeConfigCheck.check("x", sources);

        assertThat(report.ok()).isFalse();
        assertThat(report.problems()).singleElement().asString().contains("dev.roomcast.x.Loader#run");
    }

    @Test
    void classForNameInOurCodeNeedsRegistrationButGeneratedCodeIsLeftToQuarkus() {
        byte[] handWritten = forNameClass("dev/roomcast/x/Plugins", "Plugins.java", "org.example.Plugin");
        byte[] generated = forNameClass("dev/roomcast/x/Plugins_Bean", null, "org.example.Other");
        NativeSourcesFixture fixture = new NativeSourcesFixture(dir)
                .runnerEntry("dev/roomcast/x/Plugins.class", handWritten)
                .runnerEntry("dev/roomcast/x/Plugins_Bean.class", generated);

        NativeConfigCheck.Report missing = NativeConfigCheck.check("x", fixture.write());
        assertThat(missing.missing()).extracting(Need::kind, Need::name)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Need.Kind.REFLECT_CLASS, "org.example.Plugin"));

        NativeConfigCheck.Report registered = NativeConfigCheck.check("x", fixture
                .runnerEntry("META-INF/native-image/reflect-config.json", "[{\"name\": \"org.example.Plugin\"}]")
                .write());
        assertThat(registered.ok()).as(registered.toString()).isTrue();
    }

    @Test
    void reflectiveLookupsAndServiceLoadingInOurCodeNeedRegistration() {
        byte[] code = NativeSourcesFixture.classWith("dev/roomcast/x/Plugins", "java/lang/Object", "Plugins.java",
                mv -> {
                    mv.visitLdcInsn(Type.getObjectType("org/example/Codec"));
                    mv.visitLdcInsn("encode");
                    mv.visitInsn(Opcodes.ICONST_1);
                    mv.visitTypeInsn(Opcodes.ANEWARRAY, "java/lang/Class");
                    mv.visitInsn(Opcodes.DUP);
                    mv.visitInsn(Opcodes.ICONST_0);
                    mv.visitLdcInsn(Type.getObjectType("java/lang/String"));
                    mv.visitInsn(Opcodes.AASTORE);
                    mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/Class", "getDeclaredMethod",
                            "(Ljava/lang/String;[Ljava/lang/Class;)Ljava/lang/reflect/Method;", false);
                    mv.visitInsn(Opcodes.POP);
                    mv.visitLdcInsn(Type.getObjectType("org/example/Codec"));
                    mv.visitMethodInsn(Opcodes.INVOKESTATIC, "java/util/ServiceLoader", "load",
                            "(Ljava/lang/Class;)Ljava/util/ServiceLoader;", false);
                    mv.visitInsn(Opcodes.POP);
                });
        NativeSourcesFixture fixture = new NativeSourcesFixture(dir).runnerEntry("dev/roomcast/x/Plugins.class", code);

        assertThat(NativeConfigCheck.check("x", fixture.write()).missing()).extracting(Need::kind, Need::name)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(Need.Kind.REFLECT_METHODS, "org.example.Codec"),
                        org.assertj.core.groups.Tuple.tuple(Need.Kind.RESOURCE, "META-INF/services/org.example.Codec"));

        NativeConfigCheck.Report registered = NativeConfigCheck.check("x", fixture
                .runnerEntry("META-INF/native-image/reflect-config.json",
                        "[{\"name\": \"org.example.Codec\", \"allDeclaredMethods\": true}]")
                .runnerEntry("META-INF/native-image/resource-config.json",
                        "{\"resources\": {\"includes\": [{\"pattern\": \"\\\\QMETA-INF/services/org.example.Codec\\\\E\"}]}}")
                .write());
        assertThat(registered.ok()).as(registered.toString()).isTrue();
    }

    @Test
    void protobufJsonNeedsEveryMessageAndBuilderMethodsRegistered() {
        byte[] message = NativeSourcesFixture.classWith("dev/roomcast/proto/v1/Frame",
                "com/google/protobuf/GeneratedMessage", "Frame.java", mv -> { });
        byte[] printer = NativeSourcesFixture.classWith("dev/roomcast/x/Json", "java/lang/Object", "Json.java",
                mv -> {
                    // A message field of a well-known type: its class comes from protobuf-java.
                    mv.visitMethodInsn(Opcodes.INVOKESTATIC, "com/google/protobuf/Timestamp", "getDefaultInstance",
                            "()Lcom/google/protobuf/Timestamp;", false);
                    mv.visitInsn(Opcodes.POP);
                    mv.visitMethodInsn(Opcodes.INVOKESTATIC, "com/google/protobuf/util/JsonFormat", "printer",
                            "()Lcom/google/protobuf/util/JsonFormat$Printer;", false);
                    mv.visitInsn(Opcodes.POP);
                });
        NativeSourcesFixture fixture = new NativeSourcesFixture(dir)
                .runnerEntry("dev/roomcast/proto/v1/Frame.class", message)
                .runnerEntry("dev/roomcast/x/Json.class", printer);

        assertThat(NativeConfigCheck.check("x", fixture.write()).missing()).extracting(Need::kind, Need::name)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(Need.Kind.REFLECT_METHODS, "dev.roomcast.proto.v1.Frame"),
                        org.assertj.core.groups.Tuple.tuple(Need.Kind.REFLECT_METHODS, "dev.roomcast.proto.v1.Frame$Builder"),
                        org.assertj.core.groups.Tuple.tuple(Need.Kind.REFLECT_METHODS, "com.google.protobuf.Timestamp"),
                        org.assertj.core.groups.Tuple.tuple(Need.Kind.REFLECT_METHODS, "com.google.protobuf.Timestamp$Builder"));

        // What quarkus-grpc generates for every message and builder of ours; the well-known type by hand.
        NativeConfigCheck.Report registered = NativeConfigCheck.check("x", fixture.runnerEntry(
                "META-INF/native-image/reflect-config.json",
                "[{\"name\": \"dev.roomcast.proto.v1.Frame\", \"allDeclaredMethods\": true},"
                        + " {\"name\": \"dev.roomcast.proto.v1.Frame$Builder\", \"allDeclaredMethods\": true},"
                        + " {\"name\": \"com.google.protobuf.Timestamp\", \"allPublicMethods\": true},"
                        + " {\"name\": \"com.google.protobuf.Timestamp$Builder\", \"allPublicMethods\": true}]")
                .write());
        assertThat(registered.ok()).as(registered.toString()).isTrue();
    }

    @Test
    void aJarWithNativeLibrariesThatNobodyDescribedIsAProblem() throws IOException {
        Path sources = roomService(roomServiceResourceIncludes(), roomServiceJniConfig())
                .lib("org.example.fastcodec.jar", Map.of(
                        "org/example/fastcodec/Codec.class", new byte[] {0},
                        "linux/amd64/libfastcodec.so", new byte[] {0}))
                .write();

        NativeConfigCheck.Report report = NativeConfigCheck.check("room-service", sources);

        assertThat(report.ok()).isFalse();
        assertThat(report.problems()).singleElement().asString()
                .contains("org.example.fastcodec.jar").contains("JniLibraries");
    }

    @Test
    void nettysEpollLibraryJarWithoutClassesIsDescribed() throws IOException {
        Path sources = roomService(roomServiceResourceIncludes(), roomServiceJniConfig())
                .lib("io.netty.netty-transport-native-epoll-4.1.128.Final-linux-x86_64.jar", Map.of(
                        "META-INF/native/libnetty_transport_native_epoll_x86_64.so", new byte[] {0}))
                .write();

        NativeConfigCheck.Report report = NativeConfigCheck.check("room-service", sources);

        assertThat(report.problems()).isEmpty();
    }

    @Test
    void configurationExcludedInNativeImageArgsDoesNotCount() throws IOException {
        Path sources = roomService(roomServiceResourceIncludes(), roomServiceJniConfig()).write();
        Files.writeString(sources.resolve("native-image.args"), "--no-fallback --exclude-config app-runner\\.jar "
                + "/META-INF/native-image/dev\\.roomcast/roomcast-room-service/jni-config\\.json app-runner");

        NativeConfigCheck.Report report = NativeConfigCheck.check("room-service", sources);

        assertThat(report.missing()).isNotEmpty().allMatch(n -> n.kind() == Need.Kind.JNI_FIELD || n.kind() == Need.Kind.JNI_METHOD);
    }

    @Test
    void readsTheNewerOfTheSourcesOnlyAndTheFullNativeBuildOutput() throws IOException {
        Path target = dir.resolve("svc/target");
        Path sourcesOnly = target.resolve("native-sources/svc-runner.jar");
        Path fullBuild = target.resolve("svc-1.0-native-image-source-jar/svc-runner.jar");
        NativeSourcesFixture.writeJar(sourcesOnly, Map.of());
        NativeSourcesFixture.writeJar(fullBuild, Map.of());
        Files.setLastModifiedTime(sourcesOnly, java.nio.file.attribute.FileTime.fromMillis(1_000_000));

        assertThat(NativeConfigCheck.nativeSourcesOf(dir.resolve("svc"))).isEqualTo(fullBuild.getParent());

        Files.setLastModifiedTime(fullBuild, java.nio.file.attribute.FileTime.fromMillis(500_000));
        assertThat(NativeConfigCheck.nativeSourcesOf(dir.resolve("svc"))).isEqualTo(sourcesOnly.getParent());
    }

    private static byte[] forNameClass(String internalName, String source, String target) {
        return NativeSourcesFixture.classWith(internalName, "java/lang/Object", source, mv -> {
            mv.visitLdcInsn(target);
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Class", "forName",
                    "(Ljava/lang/String;)Ljava/lang/Class;", false);
            mv.visitInsn(Opcodes.POP);
        });
    }
}
