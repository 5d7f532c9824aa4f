package dev.roomcast.nativecheck;

import java.util.List;

/**
 * One thing a native image must have registered for the service to work, and why (the code or library
 * that needs it), so that a failure names the fix.
 */
public record Need(Kind kind, String name, String member, List<String> parameterTypes, String because) {

    public enum Kind {
        /** A classpath resource read at run time (matched against the resource include patterns). */
        RESOURCE,
        /** A class looked up by name (Class.forName). */
        REFLECT_CLASS,
        /** A class whose methods are looked up reflectively (protobuf's field accessors). */
        REFLECT_METHODS,
        /** A class whose constructors are looked up reflectively. */
        REFLECT_CONSTRUCTORS,
        /** A class whose fields are looked up reflectively. */
        REFLECT_FIELDS,
        /** A field that native code reads or writes through JNI. */
        JNI_FIELD,
        /** A method or constructor ({@code <init>}) that native code calls through JNI. */
        JNI_METHOD
    }

    public static Need resource(String path, String because) {
        return new Need(Kind.RESOURCE, path, null, List.of(), because);
    }

    public static Need reflectClass(String type, String because) {
        return new Need(Kind.REFLECT_CLASS, type, null, List.of(), because);
    }

    public static Need reflectMethods(String type, String because) {
        return new Need(Kind.REFLECT_METHODS, type, null, List.of(), because);
    }

    public static Need reflectConstructors(String type, String because) {
        return new Need(Kind.REFLECT_CONSTRUCTORS, type, null, List.of(), because);
    }

    public static Need reflectFields(String type, String because) {
        return new Need(Kind.REFLECT_FIELDS, type, null, List.of(), because);
    }

    public static Need jniField(String type, String field, String because) {
        return new Need(Kind.JNI_FIELD, type, field, List.of(), because);
    }

    public static Need jniMethod(String type, String method, List<String> parameterTypes, String because) {
        return new Need(Kind.JNI_METHOD, type, method, List.copyOf(parameterTypes), because);
    }

    public boolean satisfiedBy(Registrations r) {
        return switch (kind) {
            case RESOURCE -> r.includesResource(name);
            case REFLECT_CLASS -> r.reflection(name) != null;
            case REFLECT_METHODS -> has(r.reflection(name), "allDeclaredMethods", "allPublicMethods");
            case REFLECT_FIELDS -> has(r.reflection(name), "allDeclaredFields", "allPublicFields")
                    || (r.reflection(name) != null && !r.reflection(name).fields().isEmpty());
            case REFLECT_CONSTRUCTORS -> has(r.reflection(name), "allDeclaredConstructors", "allPublicConstructors")
                    || hasMethod(r.reflection(name));
            case JNI_FIELD -> has(r.jni(name), "allDeclaredFields", "allPublicFields")
                    || (r.jni(name) != null && r.jni(name).fields().contains(member));
            case JNI_METHOD -> has(r.jni(name), member.equals("<init>") ? "allDeclaredConstructors" : "allDeclaredMethods")
                    || hasMethod(r.jni(name));
        };
    }

    private static boolean has(Registrations.Type type, String... flags) {
        if (type == null) {
            return false;
        }
        for (String flag : flags) {
            if (type.flags().contains(flag)) {
                return true;
            }
        }
        return false;
    }

    private boolean hasMethod(Registrations.Type type) {
        String wanted = member == null ? "<init>" : member;
        return type != null && type.methods().contains(Registrations.signature(wanted, parameterTypes));
    }

    @Override
    public String toString() {
        String what = switch (kind) {
            case RESOURCE, REFLECT_CLASS, REFLECT_METHODS, REFLECT_CONSTRUCTORS, REFLECT_FIELDS -> name;
            case JNI_FIELD -> name + "." + member;
            case JNI_METHOD -> name + "." + Registrations.signature(member, parameterTypes);
        };
        return kind + " " + what + "  (" + because + ")";
    }
}
