package dev.roomcast.helm;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** The manifests of one `helm template`, parsed into typed fabric8 objects and looked up by kind and name. */
final class Rendered {

    /** Release "rc" + chart "roomcast": every name starts with this. */
    static final String PREFIX = "rc-roomcast-";

    private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private final List<HasMetadata> objects;

    private Rendered(List<HasMetadata> objects) {
        this.objects = objects;
    }

    static Rendered parse(String manifests) {
        List<HasMetadata> objects = new ArrayList<>();
        for (String document : DOCUMENT_SEPARATOR.split(manifests)) {
            if (document.lines().allMatch(line -> line.isBlank() || line.startsWith("#"))) {
                continue;
            }
            HasMetadata object = SERIALIZATION.unmarshal(document, HasMetadata.class);
            StrictModel.assertNoUnknownFields(object);
            objects.add(object);
        }
        return new Rendered(objects);
    }

    List<HasMetadata> all() {
        return objects;
    }

    <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
        return objects.stream()
                .filter(type::isInstance)
                .map(type::cast)
                .filter(object -> object.getMetadata().getName().equals(name))
                .findFirst();
    }

    <T extends HasMetadata> T get(Class<T> type, String name) {
        return find(type, name).orElseThrow(() -> new AssertionError(
                "no " + type.getSimpleName() + " " + name + " among " + names()));
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    Deployment deployment(String component) {
        return get(Deployment.class, PREFIX + component);
    }

    Container container(String component) {
        return deployment(component).getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    Optional<EnvVar> env(String component, String name) {
        return container(component).getEnv().stream().filter(env -> env.getName().equals(name)).findFirst();
    }

    ConfigMap configMap(String component) {
        return get(ConfigMap.class, PREFIX + component);
    }

    Service service(String name) {
        return get(Service.class, PREFIX + name);
    }

    Optional<Secret> chartSecret() {
        return find(Secret.class, "rc-roomcast");
    }

    Optional<HorizontalPodAutoscaler> hpa(String component) {
        return find(HorizontalPodAutoscaler.class, PREFIX + component);
    }

    Optional<PodDisruptionBudget> pdb(String component) {
        return find(PodDisruptionBudget.class, PREFIX + component);
    }

    List<GenericKubernetesResource> serviceMonitors() {
        return all(GenericKubernetesResource.class).stream()
                .filter(resource -> "ServiceMonitor".equals(resource.getKind()))
                .toList();
    }

    private List<String> names() {
        return objects.stream().map(o -> o.getKind() + "/" + o.getMetadata().getName()).toList();
    }
}
