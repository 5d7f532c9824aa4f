package dev.roomcast.nativecheck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a native build registers, merged from every {@code META-INF/native-image/**} configuration file the
 * builder reads: the legacy {@code resource-config.json}, {@code reflect-config.json} and {@code
 * jni-config.json} (what Quarkus generates, and what Mandrel 23.1 reads) and GraalVM's single {@code
 * reachability-metadata.json}.
 */
public final class Registrations {

    /** A registered type: its flags (allDeclaredMethods ...), field names and method signatures. */
    public record Type(Set<String> flags, Set<String> fields, Set<String> methods) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Pattern> resourceIncludes = new ArrayList<>();
    private final Map<String, Type> reflection = new HashMap<>();
    private final Map<String, Type> jni = new HashMap<>();

    public boolean includesResource(String path) {
        return resourceIncludes.stream().anyMatch(p -> p.matcher(path).matches());
    }

    public Type reflection(String type) {
        return reflection.get(type);
    }

    public Type jni(String type) {
        return jni.get(type);
    }

    public int resourcePatternCount() {
        return resourceIncludes.size();
    }

    /** Reads one configuration file; {@code fileName} is its last path segment. Unknown files are ignored. */
    public void read(String fileName, byte[] content, String origin) {
        JsonNode root;
        try {
            root = JSON.readTree(content);
        } catch (IOException e) {
            throw new IllegalStateException("unreadable native-image configuration " + origin + ": " + e.getMessage(), e);
        }
        switch (fileName) {
            case "resource-config.json" -> readResources(root.path("resources"));
            case "reflect-config.json" -> readTypes(root, reflection);
            case "jni-config.json" -> readTypes(root, jni);
            case "reachability-metadata.json" -> {
                readResources(root.path("resources"));
                readTypes(root.path("reflection"), reflection);
                readTypes(root.path("jni"), jni);
                // GraalVM 25 marks JNI access on reflection entries instead of a separate list.
                for (JsonNode entry : root.path("reflection")) {
                    if (entry.path("jniAccessible").asBoolean(false)) {
                        add(entry, jni);
                    }
                }
            }
            default -> {
            }
        }
    }

    private void readResources(JsonNode resources) {
        // Legacy: {"includes": [{"pattern": regex}]}; older: [{"pattern": ...}]; new: [{"glob": ...}].
        JsonNode includes = resources.isObject() ? resources.path("includes") : resources;
        for (JsonNode include : includes) {
            if (include.hasNonNull("pattern")) {
                resourceIncludes.add(Pattern.compile(include.get("pattern").asText()));
            } else if (include.hasNonNull("glob")) {
                resourceIncludes.add(globToRegex(include.get("glob").asText()));
            }
        }
    }

    private static void readTypes(JsonNode entries, Map<String, Type> into) {
        for (JsonNode entry : entries) {
            add(entry, into);
        }
    }

    private static void add(JsonNode entry, Map<String, Type> into) {
        String name = entry.hasNonNull("name") ? entry.get("name").asText() : entry.path("type").asText(null);
        if (name == null) {
            return; // proxy or lambda entries: not types this check asks about
        }
        Type type = into.computeIfAbsent(name, n -> new Type(new HashSet<>(), new HashSet<>(), new HashSet<>()));
        entry.fields().forEachRemaining(f -> {
            if (f.getValue().isBoolean() && f.getValue().asBoolean()) {
                type.flags().add(f.getKey());
            }
        });
        for (JsonNode field : entry.path("fields")) {
            type.fields().add(field.path("name").asText());
        }
        for (JsonNode method : entry.path("methods")) {
            List<String> params = new ArrayList<>();
            method.path("parameterTypes").forEach(p -> params.add(p.asText()));
            type.methods().add(signature(method.path("name").asText(), params));
        }
    }

    static String signature(String name, List<String> parameterTypes) {
        return name + "(" + String.join(",", parameterTypes) + ")";
    }

    /** GraalVM resource globs: {@code **} crosses directories, {@code *} stays within one. */
    static Pattern globToRegex(String glob) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                regex.append(".*");
                i++;
            } else if (c == '*') {
                regex.append("[^/]*");
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }
}
