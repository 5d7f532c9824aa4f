package dev.roomcast.nativecheck;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Writes a directory shaped like Quarkus' {@code target/native-sources/}: a runner jar with the
 * configuration under test, and {@code lib/} jars.
 */
final class NativeSourcesFixture {

    private final Path dir;
    private final Map<String, byte[]> runner = new LinkedHashMap<>();

    NativeSourcesFixture(Path dir) {
        this.dir = dir;
    }

    NativeSourcesFixture runnerEntry(String name, byte[] content) {
        runner.put(name, content);
        return this;
    }

    NativeSourcesFixture runnerEntry(String name, String content) {
        return runnerEntry(name, content.getBytes());
    }

    /** Copies the jar (or packs the classes directory) a class was loaded from into lib/. */
    NativeSourcesFixture libOf(Class<?> type, String jarName) {
        try {
            Path from = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path to = dir.resolve("lib").resolve(jarName);
            Files.createDirectories(to.getParent());
            if (Files.isDirectory(from)) {
                Map<String, byte[]> entries = new LinkedHashMap<>();
                try (Stream<Path> files = Files.walk(from)) {
                    for (Path f : files.filter(Files::isRegularFile).toList()) {
                        entries.put(from.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f));
                    }
                }
                writeJar(to, entries);
            } else {
                Files.copy(from, to);
            }
            return this;
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    NativeSourcesFixture lib(String jarName, Map<String, byte[]> entries) {
        writeJar(dir.resolve("lib").resolve(jarName), entries);
        return this;
    }

    Path write() {
        writeJar(dir.resolve("app-runner.jar"), runner);
        return dir;
    }

    static void writeJar(Path jar, Map<String, byte[]> entries) {
        try {
            Files.createDirectories(jar.getParent());
            try (OutputStream file = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(file)) {
                for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                    zip.putNextEntry(new ZipEntry(e.getKey()));
                    zip.write(e.getValue());
                    zip.closeEntry();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A class with one static method whose body is written by {@code body}; with a source file name it
     * reads as hand-written code, without one as build-time generated code.
     */
    static byte[] classWith(String internalName, String superName, String sourceFile,
            java.util.function.Consumer<MethodVisitor> body) {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS | ClassWriter.COMPUTE_FRAMES) {
            @Override
            protected String getCommonSuperClass(String a, String b) {
                return "java/lang/Object";
            }
        };
        cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, internalName, null, superName, null);
        if (sourceFile != null) {
            cw.visitSource(sourceFile, null);
        }
        MethodVisitor mv = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "run", "(Ljava/lang/String;)V",
                null, null);
        mv.visitCode();
        body.accept(mv);
        mv.visitInsn(Opcodes.RETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        cw.visitEnd();
        return cw.toByteArray();
    }
}
