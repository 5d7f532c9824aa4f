package dev.roomcast.nativecheck;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Checks a service's native build inputs ({@code target/native-sources/}, or the
 * {@code *-native-image-source-jar/} a full native build leaves) against what the service needs: the
 * runner jar and every jar in {@code lib/} are read for their {@code META-INF/native-image} configuration
 * (what the builder will register) and for our own classes and resources (what the code will ask for).
 *
 * <p>Run after {@code ./mvnw package -DskipTests -Dnative -Dquarkus.native.sources-only=true}; the
 * {@code native} profile of this module does it for the four services and fails the build on a gap.
 */
public final class NativeConfigCheck {

    /** Our code and resources; everything else is a library whose needs are known below or by Quarkus. */
    static final String OWN_PREFIX = "dev/roomcast/";

    /** google/protobuf/*.proto messages that JsonFormat prints and parses through their accessors. */
    static final Set<String> WELL_KNOWN_TYPES = Set.of("Any", "Duration", "Timestamp", "Struct", "Value",
            "ListValue", "FieldMask", "Empty", "DoubleValue", "FloatValue", "Int64Value", "UInt64Value",
            "Int32Value", "UInt32Value", "BoolValue", "StringValue", "BytesValue");

    private static final Pattern NATIVE_LIBRARY = Pattern.compile(".*\\.(so|dll|dylib|jnilib)");

    /** The outcome for one service: every need with whether it is met, and problems that are not a registration. */
    public record Report(String service, List<Need> needs, List<Need> missing, List<String> problems) {

        public boolean ok() {
            return missing.isEmpty() && problems.isEmpty();
        }

        @Override
        public String toString() {
            StringBuilder out = new StringBuilder(service).append(": ").append(needs.size()).append(" needs, ")
                    .append(missing.size()).append(" missing, ").append(problems.size()).append(" problems\n");
            missing.forEach(n -> out.append("  MISSING ").append(n).append('\n'));
            problems.forEach(p -> out.append("  PROBLEM ").append(p).append('\n'));
            return out.toString();
        }
    }

    public static void main(String[] args) {
        List<Report> reports = new ArrayList<>();
        for (String serviceDir : args) {
            Path dir = Path.of(serviceDir).toAbsolutePath().normalize();
            Report report = check(dir.getFileName().toString(), nativeSourcesOf(dir));
            System.out.print(report);
            reports.add(report);
        }
        if (reports.stream().anyMatch(r -> !r.ok())) {
            // exec:java turns this into a failed build; a plain System.exit would end Maven itself.
            throw new IllegalStateException("native image configuration incomplete (see the lines above)");
        }
        System.out.println("native image configuration: every need registered for " + args.length + " services");
    }

    /**
     * The directory the native build left for a service module: {@code native-sources/} (sources-only) or
     * {@code *-native-image-source-jar/} (full build); the newer one when both are there.
     */
    static Path nativeSourcesOf(Path serviceDir) {
        Path target = serviceDir.resolve("target");
        try (Stream<Path> children = Files.list(target)) {
            return children.filter(Files::isDirectory)
                    .filter(p -> p.getFileName().toString().equals("native-sources")
                            || p.getFileName().toString().endsWith("-native-image-source-jar"))
                    .max(Comparator.comparing(NativeConfigCheck::modified))
                    .orElseThrow(() -> new IllegalStateException("no native sources under " + target
                            + ": run ./mvnw package -DskipTests -Dnative -Dquarkus.native.sources-only=true"));
        } catch (IOException e) {
            throw new IllegalStateException("no build output under " + target + ": " + e.getMessage(), e);
        }
    }

    /** When its runner jar was written (a rebuild overwrites the jar in place, so the directory's time lags). */
    private static FileTime modified(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            Path runner = files.filter(f -> f.getFileName().toString().endsWith("-runner.jar")).findFirst().orElse(dir);
            return Files.getLastModifiedTime(runner);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What one jar holds that the check cares about besides configuration and our classes. */
    private record JarFacts(String jar, List<String> nativeLibraries, Set<String> knownLibraries) {
    }

    public static Report check(String service, Path nativeSources) {
        List<String> args = readArgs(nativeSources);
        List<Pattern[]> excluded = excludedConfigs(args);
        Registrations registrations = new Registrations();
        CodeScan scan = new CodeScan();
        List<String> ownResources = new ArrayList<>();
        List<JarFacts> jars = new ArrayList<>();
        Set<String> libraryClasses = new HashSet<>();
        List<String> problems = new ArrayList<>();

        for (Path jar : jars(nativeSources)) {
            JarFacts facts = new JarFacts(jar.getFileName().toString(), new ArrayList<>(), new TreeSet<>());
            jars.add(facts);
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
                    ZipEntry entry = e.nextElement();
                    String name = entry.getName();
                    if (entry.isDirectory()) {
                        continue;
                    }
                    if (name.startsWith("META-INF/native-image/") && name.endsWith(".json")) {
                        if (!isExcluded(excluded, jar, name)) {
                            registrations.read(name.substring(name.lastIndexOf('/') + 1),
                                    zip.getInputStream(entry).readAllBytes(), facts.jar() + "!/" + name);
                        }
                    } else if (name.startsWith(OWN_PREFIX) && name.endsWith(".class")) {
                        scan.scan(zip.getInputStream(entry).readAllBytes());
                    } else if (name.startsWith(OWN_PREFIX)) {
                        ownResources.add(name);
                    } else if (NATIVE_LIBRARY.matcher(name).matches()) {
                        facts.nativeLibraries().add(name);
                        JniLibraries.forNativeFile(name).ifPresent(l -> facts.knownLibraries().add(l.name()));
                    } else if (name.endsWith(".class")) {
                        JniLibraries.forClass(name).ifPresent(l -> facts.knownLibraries().add(l.name()));
                        if (name.startsWith(HDR_HISTOGRAM)) {
                            libraryClasses.add(name.substring(0, name.length() - ".class".length()));
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + jar, e);
            }
        }
        readConfigurationFilesNamedInArgs(args, nativeSources, registrations, problems);

        Set<Need> needs = new LinkedHashSet<>();
        ownCodeNeeds(scan, ownResources, needs, problems);
        jniLibraryNeeds(scan, jars, needs, problems);
        frameworkNeeds(libraryClasses, needs);
        List<Need> all = List.copyOf(needs);
        List<Need> missing = all.stream().filter(n -> !n.satisfiedBy(registrations)).toList();
        return new Report(service, all, missing, problems);
    }

    /** Resources, classes by name, protobuf JSON: read from our bytecode and resources. */
    private static void ownCodeNeeds(CodeScan scan, List<String> ownResources, Set<Need> needs, List<String> problems) {
        for (CodeScan.Use use : scan.resources) {
            needs.add(Need.resource(use.name(), "opened by name in " + use.where()));
        }
        for (String resource : ownResources) {
            // Whether or not the scan saw it opened: a resource we ship is there to be read.
            needs.add(Need.resource(resource, "shipped in our jars"));
        }
        for (CodeScan.Use use : scan.classesByName) {
            needs.add(Need.reflectClass(use.name(), "Class.forName in " + use.where()));
        }
        for (CodeScan.Use use : scan.memberLookups) {
            String[] kindAndType = use.name().split(":", 2);
            String why = "reflective lookup in " + use.where();
            needs.add(switch (kindAndType[0]) {
                case "methods" -> Need.reflectMethods(kindAndType[1], why);
                case "fields" -> Need.reflectFields(kindAndType[1], why);
                default -> Need.reflectConstructors(kindAndType[1], why);
            });
        }
        for (CodeScan.Use use : scan.serviceLoads) {
            // Quarkus turns GraalVM's automatic ServiceLoader support off (-H:-UseServiceLoaderFeature).
            needs.add(Need.resource("META-INF/services/" + use.name(), "ServiceLoader.load in " + use.where()));
        }
        for (CodeScan.Use use : scan.unreadableNames) {
            problems.add("a " + use.name() + " name that is not a constant, in " + use.where()
                    + ": make it a constant or register the candidates and name them here");
        }
        for (CodeScan.Use use : scan.libraryLoads) {
            problems.add("System.load/loadLibrary(" + use.name() + ") in " + use.where()
                    + ": add the library and its JNI needs to JniLibraries");
        }
        if (!scan.jsonFormatUsers.isEmpty()) {
            // JsonFormat reads and builds messages through protobuf's reflective field accessors.
            String why = "protobuf JsonFormat in " + scan.jsonFormatUsers.get(0);
            for (String message : scan.protobufMessages) {
                needs.add(Need.reflectMethods(message, why));
                needs.add(Need.reflectMethods(message + "$Builder", why));
            }
            // Well-known types our messages use live in protobuf-java, which no extension scans.
            for (String referenced : scan.referencedClasses.keySet()) {
                String simple = referenced.substring(referenced.lastIndexOf('/') + 1);
                if (referenced.startsWith("com/google/protobuf/") && WELL_KNOWN_TYPES.contains(simple)) {
                    needs.add(Need.reflectMethods(referenced.replace('/', '.'), why));
                    needs.add(Need.reflectMethods(referenced.replace('/', '.') + "$Builder", why));
                }
            }
        }
    }

    /** A JNI library our code calls needs its C code's JNI lookups and its Linux libraries as resources. */
    private static void jniLibraryNeeds(CodeScan scan, List<JarFacts> jars, Set<Need> needs, List<String> problems) {
        for (JarFacts jar : jars) {
            if (!jar.nativeLibraries().isEmpty() && jar.knownLibraries().isEmpty()) {
                problems.add(jar.jar() + " ships native libraries " + jar.nativeLibraries().subList(0,
                        Math.min(3, jar.nativeLibraries().size())) + "...: describe it in JniLibraries");
            }
        }
        for (JniLibraries.Library library : JniLibraries.KNOWN) {
            String caller = scan.referencedClasses.entrySet().stream()
                    .filter(e -> e.getKey().startsWith(library.packagePrefix()))
                    .map(e -> e.getValue()).findFirst().orElse(null);
            if (caller == null) {
                continue;
            }
            if (library.notLoaded() != null) {
                problems.add(caller + " calls " + library.name() + ", which JniLibraries says is never loaded ("
                        + library.notLoaded() + ")");
                continue;
            }
            needs.addAll(library.jniNeeds());
            for (String dir : library.loadedFrom()) {
                List<String> found = jars.stream()
                        .filter(j -> j.knownLibraries().contains(library.name()))
                        .flatMap(j -> j.nativeLibraries().stream())
                        .filter(n -> n.startsWith(dir) && n.endsWith(".so"))
                        .toList();
                if (found.isEmpty()) {
                    problems.add(library.name() + " has no library under " + dir + " (called from " + caller + ")");
                }
                found.forEach(n -> needs.add(Need.resource(n, library.name() + " loader, called from " + caller)));
            }
        }
    }

    static final String HDR_HISTOGRAM = "org/HdrHistogram/";

    /**
     * Libraries whose reflection Quarkus extensions register, asserted so that an upgrade that drops one is
     * seen: HdrHistogram (Micrometer's histograms) builds its counts histograms by constructor lookup.
     */
    private static void frameworkNeeds(Set<String> libraryClasses, Set<Need> needs) {
        if (libraryClasses.contains(HDR_HISTOGRAM + "DoubleHistogram")) {
            String why = "HdrHistogram's DoubleHistogram (Micrometer) creates these by constructor lookup";
            needs.add(Need.reflectConstructors("org.HdrHistogram.Histogram", why));
            needs.add(Need.reflectConstructors("org.HdrHistogram.ConcurrentHistogram", why));
        }
    }

    private static List<Path> jars(Path nativeSources) {
        try (Stream<Path> files = Files.walk(nativeSources)) {
            List<Path> jars = files.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
            if (jars.stream().noneMatch(p -> p.getFileName().toString().endsWith("-runner.jar"))) {
                throw new IllegalStateException("no *-runner.jar in " + nativeSources);
            }
            return jars;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + nativeSources, e);
        }
    }

    private static List<String> readArgs(Path nativeSources) {
        Path file = nativeSources.resolve("native-image.args");
        try {
            return Files.exists(file) ? List.of(Files.readString(file).trim().split("\\s+")) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** {@code --exclude-config <jar regex> <resource regex>}: configuration the builder will skip. */
    private static List<Pattern[]> excludedConfigs(List<String> args) {
        List<Pattern[]> excluded = new ArrayList<>();
        for (int i = 0; i + 2 < args.size(); i++) {
            if (args.get(i).equals("--exclude-config")) {
                excluded.add(new Pattern[] {Pattern.compile(args.get(i + 1)), Pattern.compile(args.get(i + 2))});
            }
        }
        return excluded;
    }

    private static boolean isExcluded(List<Pattern[]> excluded, Path jar, String entry) {
        return excluded.stream().anyMatch(p -> p[0].matcher(jar.toString()).find()
                && p[1].matcher("/" + entry).matches());
    }

    private static void readConfigurationFilesNamedInArgs(List<String> args, Path nativeSources,
            Registrations registrations, List<String> problems) {
        Pattern option = Pattern.compile("-H:(Resource|Reflection|JNI)ConfigurationFiles=(.+)");
        for (String arg : args) {
            Matcher m = option.matcher(arg);
            if (!m.matches()) {
                continue;
            }
            String kind = switch (m.group(1)) {
                case "Resource" -> "resource-config.json";
                case "Reflection" -> "reflect-config.json";
                default -> "jni-config.json";
            };
            for (String file : m.group(2).split(",")) {
                try {
                    registrations.read(kind, Files.readAllBytes(nativeSources.resolve(file)), file);
                } catch (IOException e) {
                    problems.add("native-image.args names " + file + ", which cannot be read");
                }
            }
        }
    }

    private NativeConfigCheck() {
    }
}
