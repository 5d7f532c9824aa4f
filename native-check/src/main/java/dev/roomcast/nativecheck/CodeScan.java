package dev.roomcast.nativecheck;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Reads our own bytecode for what a native image must be told about: resources opened by name, classes
 * loaded by name, JNI libraries loaded by hand, protobuf JSON, and calls into JNI libraries. Names passed
 * as constants are read from the preceding {@code ldc}; a name the scan cannot see is reported, so that it
 * is either made constant or registered and listed by hand.
 */
public final class CodeScan {

    /** One use of a name at a place in the code ("dev.roomcast.x.Y#method"). */
    public record Use(String name, String where) {
    }

    /**
     * Classes whose lookups by computed name serve the JVM only and do nothing in a native image, where
     * every class is built in: the startup class preloader (it checks for the image itself and returns).
     */
    static final Set<String> JVM_ONLY = Set.of("dev/roomcast/common/runtime/ClassPreloader");

    private static final Set<String> PROTOBUF_MESSAGE_BASES =
            Set.of("com/google/protobuf/GeneratedMessage", "com/google/protobuf/GeneratedMessageV3");

    final List<Use> resources = new ArrayList<>();
    final List<Use> classesByName = new ArrayList<>();
    /** Reflective member lookups in hand-written code: name = "methods|fields|constructors:" + class name. */
    final List<Use> memberLookups = new ArrayList<>();
    /** ServiceLoader.load(X.class) in hand-written code: name = X's binary name. */
    final List<Use> serviceLoads = new ArrayList<>();
    final List<Use> unreadableNames = new ArrayList<>();
    final List<Use> libraryLoads = new ArrayList<>();
    final List<String> jsonFormatUsers = new ArrayList<>();
    final Set<String> protobufMessages = new TreeSet<>();
    /** Every class our code references, with the first place that does: how calls into a JNI library are found. */
    final Map<String, String> referencedClasses = new LinkedHashMap<>();

    public void scan(byte[] classFile) {
        new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9) {
            String className;
            boolean handWritten;

            @Override
            public void visit(int version, int access, String name, String signature, String superName,
                    String[] interfaces) {
                className = name;
                handWritten = false;
                if (superName != null && PROTOBUF_MESSAGE_BASES.contains(superName)) {
                    protobufMessages.add(name.replace('/', '.'));
                }
            }

            @Override
            public void visitSource(String source, String debug) {
                // javac records the source file; classes generated at build time (ArC beans, config
                // implementations) have none, and their lookups are constant ones Quarkus answers for.
                handWritten = source != null && source.endsWith(".java");
            }

            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                    String[] exceptions) {
                if (JVM_ONLY.contains(className)) {
                    return null;
                }
                return new Calls(className, className.replace('/', '.') + "#" + name, handWritten);
            }
        }, ClassReader.SKIP_FRAMES);
    }

    /** Follows one method: the last constant string and class literal, and the calls that consume them. */
    private final class Calls extends MethodVisitor {
        private final String owner;
        private final String where;
        private final boolean handWritten;
        private String lastString;
        private Type lastClassLiteral;
        /** The first class literal since the last call: the receiver of X.class.getDeclaredMethod(...). */
        private Type receiverLiteral;

        Calls(String owner, String where, boolean handWritten) {
            super(Opcodes.ASM9);
            this.owner = owner;
            this.where = where;
            this.handWritten = handWritten;
        }

        @Override
        public void visitLdcInsn(Object value) {
            if (value instanceof String s) {
                lastString = s;
            } else if (value instanceof Type t && t.getSort() == Type.OBJECT) {
                lastClassLiteral = t;
                if (receiverLiteral == null) {
                    receiverLiteral = t;
                }
                reference(t.getInternalName());
            }
        }

        @Override
        public void visitTypeInsn(int opcode, String type) {
            reference(type);
        }

        @Override
        public void visitFieldInsn(int opcode, String fieldOwner, String name, String descriptor) {
            reference(fieldOwner);
            lastString = null; // a non-constant field value replaces the constant
        }

        @Override
        public void visitInvokeDynamicInsn(String name, String descriptor, Handle bsm, Object... args) {
            lastString = null; // string concatenation: the name is no longer a constant
        }

        @Override
        public void visitMethodInsn(int opcode, String callee, String name, String descriptor, boolean itf) {
            reference(callee);
            boolean takesName = descriptor.startsWith("(Ljava/lang/String;");
            if (callee.equals("java/lang/Class") && takesName
                    && (name.equals("getResourceAsStream") || name.equals("getResource"))) {
                resource(relativeTo(lastClassLiteral == null ? owner : lastClassLiteral.getInternalName()));
            } else if (callee.equals("java/lang/ClassLoader") && takesName && name.startsWith("getResource")) {
                resource("");
            } else if (callee.equals("java/lang/Class") && name.equals("forName") && takesName && handWritten) {
                named(classesByName, lastString);
            } else if (callee.equals("java/lang/System") && (name.equals("load") || name.equals("loadLibrary"))) {
                libraryLoads.add(new Use(String.valueOf(lastString), where));
            } else if (callee.startsWith("com/google/protobuf/util/JsonFormat")) {
                jsonFormatUsers.add(where);
            } else if (callee.equals("java/lang/Class") && handWritten && memberKind(name) != null) {
                if (receiverLiteral == null) {
                    unreadableNames.add(new Use("reflected-on class", where));
                } else {
                    memberLookups.add(new Use(memberKind(name) + ":" + receiverLiteral.getClassName(), where));
                }
            } else if (callee.equals("java/util/ServiceLoader") && name.equals("load") && handWritten) {
                if (lastClassLiteral == null) {
                    unreadableNames.add(new Use("service interface", where));
                } else {
                    serviceLoads.add(new Use(lastClassLiteral.getClassName(), where));
                }
            }
            lastString = null;
            lastClassLiteral = null;
            receiverLiteral = null;
        }

        private static String memberKind(String classMethod) {
            return switch (classMethod) {
                case "getMethod", "getMethods", "getDeclaredMethod", "getDeclaredMethods" -> "methods";
                case "getField", "getFields", "getDeclaredField", "getDeclaredFields" -> "fields";
                case "getConstructor", "getConstructors", "getDeclaredConstructor", "getDeclaredConstructors",
                        "newInstance" -> "constructors";
                default -> null;
            };
        }

        private String relativeTo(String classInternalName) {
            int slash = classInternalName.lastIndexOf('/');
            return slash < 0 ? "" : classInternalName.substring(0, slash + 1);
        }

        private void resource(String relativeBase) {
            if (lastString == null) {
                unreadableNames.add(new Use("resource", where));
            } else if (lastString.startsWith("/")) {
                resources.add(new Use(lastString.substring(1), where));
            } else {
                resources.add(new Use(relativeBase + lastString, where));
            }
        }

        private void named(List<Use> into, String name) {
            if (name == null) {
                unreadableNames.add(new Use("class", where));
            } else {
                into.add(new Use(name, where));
            }
        }

        private void reference(String internalName) {
            referencedClasses.putIfAbsent(internalName, where);
        }
    }
}
