package dev.roomcast.nativecheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The release workflow cannot run here (no Docker engine, no GraalVM): parse it and hold its structure to
 * what the project promises: four native executables built in the Mandrel builder container, checked and
 * tested as executables, images for both architectures under the names and tags the Helm chart runs.
 */
class NativeWorkflowTest {

    static final Path ROOT = NativeConfigCheckTest.ROOT;
    static final List<String> SERVICES = List.of("connector", "room-service", "mailbox-service", "gift-service");

    static Map<String, Object> workflow;
    static String text;

    @BeforeAll
    static void parse() throws IOException {
        text = Files.readString(ROOT.resolve(".github/workflows/native.yml"));
        workflow = new Yaml().load(text);
    }

    @SuppressWarnings("unchecked")
    static <T> T at(Object node, Object... path) {
        Object current = node;
        for (Object key : path) {
            current = current instanceof Map<?, ?> m ? m.get(key) : ((List<Object>) current).get((Integer) key);
            assertThat(current).as("workflow path %s", List.of(path)).isNotNull();
        }
        return (T) current;
    }

    static List<Map<String, Object>> steps(String job) {
        return at(workflow, "jobs", job, "steps");
    }

    static String run(String job, String stepNamePrefix) {
        return steps(job).stream().filter(s -> String.valueOf(s.get("name")).startsWith(stepNamePrefix))
                .map(s -> (String) s.get("run")).findFirst().orElseThrow();
    }

    @Test
    void runsOnReleaseTagsAndByHand() {
        // YAML 1.1 reads the bare key `on` as true.
        Map<String, Object> on = at(workflow, workflow.containsKey("on") ? "on" : Boolean.TRUE);
        assertThat(at(on, "push", "tags").toString()).contains("v*");
        assertThat(on).containsKey("workflow_dispatch");
    }

    @Test
    void buildsEveryServiceNativeInTheBuilderContainerAndRunsIntegrationTestsAndTheConfigCheck() {
        String build = run("build", "Build native executables");
        assertThat(build).contains("./mvnw verify", "-Dnative", "-Dquarkus.native.container-build=true");
        Matcher modules = Pattern.compile("-pl (\\S+)").matcher(build);
        assertThat(modules.find()).isTrue();
        assertThat(modules.group(1).split(",")).containsAll(SERVICES).contains("native-check");
        assertThat(build).doesNotContain("skipITs").doesNotContain("-DskipTests");
    }

    @Test
    void buildsForBothArchitecturesWhoseZstdLibrariesAreRegistered() {
        List<Map<String, Object>> include = at(workflow, "jobs", "build", "strategy", "matrix", "include");
        assertThat(include).extracting(m -> m.get("arch")).containsExactly("amd64", "arm64");
        // zstd-jni names the arm64 directory after os.arch (aarch64); both must be registered.
        assertThat(JniLibraries.LINUX_ARCHS).containsExactly("amd64", "aarch64");
    }

    @Test
    void theIntegrationTestsFindPostgresAndRedisWhereTheServicesProdDefaultsLook() {
        Map<String, Object> services = at(workflow, "jobs", "build", "services");
        assertThat(at(services, "postgres", "ports").toString()).contains("5432:5432");
        assertThat(at(services, "redis", "ports").toString()).contains("6379:6379");
        assertThat(at(services, "postgres", "env", "POSTGRES_USER").toString()).isEqualTo("roomcast");
    }

    @Test
    @SuppressWarnings("unchecked")
    void pushesTheImagesTheHelmChartRunsByDefault() throws IOException {
        Map<String, Object> values = new Yaml().load(Files.readString(ROOT.resolve("helm/roomcast/values.yaml")));
        assertThat(at(values, "image", "variant").toString()).isEqualTo("native");
        String suffix = at(values, "image", "tagSuffix", "native");

        String images = run("build", "Build images");
        String manifest = run("manifest", "One tag per service");
        for (String loop : List.of(images, manifest, run("build", "Push images"), run("build", "Smoke-test"))) {
            assertThat(loop).contains("for s in " + String.join(" ", SERVICES) + ";");
        }
        assertThat(manifest).contains("image=\"$REGISTRY/roomcast/roomcast-$s:$VERSION" + suffix + "\"");
        for (String service : SERVICES) {
            String key = switch (service) {
                case "room-service" -> "roomService";
                case "mailbox-service" -> "mailboxService";
                case "gift-service" -> "giftService";
                default -> service;
            };
            assertThat(((Map<String, Object>) at(values, key, "image")).get("repository"))
                    .isEqualTo("roomcast/roomcast-" + service);
            assertThat(ROOT.resolve(service + "/src/main/docker/Dockerfile.native")).exists();
        }
        assertThat(images).contains("-f \"$s/src/main/docker/Dockerfile.native\"");
    }

    @Test
    void pushesOnlyForReleaseTagsOrWhenAsked() {
        for (Map<String, Object> step : steps("build")) {
            String name = String.valueOf(step.get("name"));
            if (name.startsWith("Push") || name.startsWith("Log in")) {
                assertThat(step.get("if").toString()).contains("refs/tags/v").contains("inputs.push");
            }
        }
        assertThat(at(workflow, "jobs", "manifest", "needs").toString()).isEqualTo("build");
    }

    @Test
    void everyExpressionIsClosedOnItsLine() {
        // GitHub reads ${{ ... }} itself; YAML parsing does not see an unclosed one.
        int opened = text.split("\\$\\{\\{", -1).length - 1;
        Matcher closed = Pattern.compile("\\$\\{\\{[^\\n]*?}}").matcher(text);
        int complete = 0;
        while (closed.find()) {
            complete++;
        }
        assertThat(opened).isPositive();
        assertThat(complete).isEqualTo(opened);
    }
}
