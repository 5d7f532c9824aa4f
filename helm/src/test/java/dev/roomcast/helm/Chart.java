package dev.roomcast.helm;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The chart under test, driven through helm-java (Helm's own Go code, no helm binary needed). */
final class Chart {

    static final String RELEASE = "rc";
    static final String NAMESPACE = "live";
    /** Matches Chart.yaml's kubeVersion floor; helm template has no cluster to ask. */
    static final String KUBE_VERSION = "1.31.0";

    private static final Path CHART_DIR = Path.of("roomcast").toAbsolutePath();

    private Chart() {
    }

    static LintResult lintStrict() {
        return new Helm(CHART_DIR).lint().strict().call();
    }

    /** Renders the chart with the given values files (from src/test/resources/values) and --set pairs. */
    static Rendered render(String[] valuesFiles, Map<String, Object> sets) {
        return render(KUBE_VERSION, valuesFiles, sets);
    }

    static Rendered render(String kubeVersion, String[] valuesFiles, Map<String, Object> sets) {
        TemplateCommand template = new Helm(CHART_DIR).template()
                .withName(RELEASE)
                .withNamespace(NAMESPACE)
                .withKubeVersion(kubeVersion);
        for (String file : valuesFiles) {
            template = template.withValuesFile(valuesFile(file));
        }
        for (Map.Entry<String, Object> set : sets.entrySet()) {
            template = template.set(set.getKey(), set.getValue());
        }
        return Rendered.parse(template.call());
    }

    static Rendered renderDefaults() {
        return render(new String[0], Map.of());
    }

    static Rendered renderWith(String... valuesFiles) {
        return render(valuesFiles, Map.of());
    }

    static Rendered renderSet(Object... keyValuePairs) {
        Map<String, Object> sets = new LinkedHashMap<>();
        for (int i = 0; i < keyValuePairs.length; i += 2) {
            sets.put((String) keyValuePairs[i], keyValuePairs[i + 1]);
        }
        return render(new String[0], sets);
    }

    static Path valuesFile(String name) {
        if (name.startsWith("examples/")) {
            // The chart's documented examples (helm/examples) are rendered as users would pass them.
            Path example = Path.of(name).toAbsolutePath();
            if (!Files.isRegularFile(example)) {
                throw new IllegalArgumentException("no example values file " + example);
            }
            return example;
        }
        try {
            Path path = Path.of(Chart.class.getResource("/values/" + name).toURI());
            if (!Files.isRegularFile(path)) {
                throw new IllegalArgumentException("no values file " + name);
            }
            return path;
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalArgumentException("no values file " + name, e);
        }
    }
}
