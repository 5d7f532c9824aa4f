package dev.roomcast.helm;

import static dev.roomcast.helm.DefaultWiringTest.assertSecretRef;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Service;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The chart rendered with the values files an operator would write (src/test/resources/values). */
class OverridesTest {

    private static final List<String> COMPONENTS = List.of("connector", "room-service", "mailbox-service", "gift-service");

    @Test
    void fixedReplicasReplaceTheAutoscalers() {
        Rendered chart = Chart.renderWith("replicas.yaml");

        assertThat(chart.deployment("connector").getSpec().getReplicas()).isEqualTo(6);
        assertThat(chart.deployment("room-service").getSpec().getReplicas()).isEqualTo(4);
        assertThat(chart.deployment("mailbox-service").getSpec().getReplicas()).isEqualTo(3);
        assertThat(chart.hpa("connector")).isEmpty();
        assertThat(chart.hpa("room-service")).isEmpty();
        assertThat(chart.pdb("gift-service").orElseThrow().getSpec().getMinAvailable().getIntVal()).isEqualTo(2);
        assertThat(chart.pdb("gift-service").orElseThrow().getSpec().getMaxUnavailable()).isNull();
    }

    @Test
    void replicasCanAlsoBeSetOnTheCommandLine() {
        Rendered chart = Chart.renderSet("mailboxService.replicaCount", 5, "connector.autoscaling.maxReplicas", 50);

        assertThat(chart.deployment("mailbox-service").getSpec().getReplicas()).isEqualTo(5);
        assertThat(chart.hpa("connector").orElseThrow().getSpec().getMaxReplicas()).isEqualTo(50);
    }

    @Test
    void jvmImagesComeFromTheRegistryWithTheJvmSuffixUnlessPinned() {
        Rendered chart = Chart.renderWith("jvm-images.yaml");

        assertThat(chart.container("connector").getImage()).isEqualTo("registry.example.com/live/roomcast/roomcast-connector:1.4.2-jvm");
        assertThat(chart.container("room-service").getImage()).isEqualTo("registry.example.com/live/roomcast/roomcast-room-service:1.4.2-jvm");
        assertThat(chart.container("gift-service").getImage()).isEqualTo("registry.example.com/live/roomcast/roomcast-gift-service:1.4.3-hotfix");
        for (String component : COMPONENTS) {
            // The connector's own default adds Parallel GC (its fan-out writes); the others take the global one.
            String collector = component.equals("connector") ? " -XX:+UseParallelGC" : "";
            assertThat(chart.configMap(component).getData()).containsEntry("JAVA_OPTS_APPEND",
                    "-Dquarkus.http.host=0.0.0.0 -Djava.util.logging.manager=org.jboss.logmanager.LogManager"
                            + " -XX:MaxRAMPercentage=75.0" + collector + " -XX:+ExitOnOutOfMemoryError");
            assertThat(chart.deployment(component).getSpec().getTemplate().getSpec().getImagePullSecrets())
                    .extracting(LocalObjectReference::getName).containsExactly("regcred");
        }
    }

    @Test
    void theConnectorSizedFor250kConnectionsGetsItsOwnJvmOptionsAndTheOthersKeepTheGlobalOnes() {
        Rendered chart = Chart.renderWith("examples/connector-250k.yaml");

        assertThat(chart.configMap("connector").getData().get("JAVA_OPTS_APPEND"))
                .endsWith(" -Xms2g -Xmx2g -XX:MaxDirectMemorySize=2g -XX:+UseParallelGC -XX:+ExitOnOutOfMemoryError");
        assertThat(chart.configMap("connector").getData()).containsEntry("ROOMCAST_CONNECTOR_NATIVE_TRANSPORT", "true");
        assertThat(chart.container("connector").getResources().getLimits().get("memory").toString()).isEqualTo("5Gi");
        assertThat(chart.configMap("room-service").getData().get("JAVA_OPTS_APPEND"))
                .endsWith(" -XX:MaxRAMPercentage=75.0 -XX:+ExitOnOutOfMemoryError");
    }

    @Test
    void oneServiceCanRunNativeWhileTheOthersRunOnTheJvm() {
        Rendered chart = Chart.renderSet("image.variant", "jvm", "connector.image.variant", "native");

        assertThat(chart.container("connector").getImage()).endsWith(":0.1.0-native");
        assertThat(chart.configMap("connector").getData()).doesNotContainKey("JAVA_OPTS_APPEND");
        assertThat(chart.container("room-service").getImage()).endsWith(":0.1.0");
        assertThat(chart.configMap("room-service").getData()).containsKey("JAVA_OPTS_APPEND");
    }

    @Test
    void existingSecretsReplaceTheChartSecret() {
        Rendered chart = Chart.renderWith("existing-secrets.yaml");

        assertThat(chart.chartSecret()).isEmpty();
        for (String component : COMPONENTS) {
            String prefix = component.equals("connector") ? "CONNECTOR" : component.substring(0, component.indexOf('-')).toUpperCase();
            assertSecretRef(chart.env(component, "ROOMCAST_" + prefix + "_TOKEN_SECRETS").orElseThrow(), "roomcast-tokens", "secrets");
            assertSecretRef(chart.env(component, "ROOMCAST_" + prefix + "_SERVICE_TOKEN_SECRETS").orElseThrow(), "roomcast-tokens",
                    "service-secrets");
            assertThat(chart.deployment(component).getSpec().getTemplate().getMetadata().getAnnotations())
                    .doesNotContainKey("checksum/secret");
        }
        for (String component : List.of("mailbox-service", "gift-service")) {
            assertSecretRef(chart.env(component, "QUARKUS_DATASOURCE_USERNAME").orElseThrow(), "pg-credentials", "user");
            assertSecretRef(chart.env(component, "QUARKUS_DATASOURCE_PASSWORD").orElseThrow(), "pg-credentials", "password");
            assertSecretRef(chart.env(component, "ROOMCAST_PG_USER").orElseThrow(), "pg-credentials", "user");
        }
        for (String component : List.of("room-service", "mailbox-service", "gift-service")) {
            assertSecretRef(chart.env(component, "QUARKUS_REDIS_PASSWORD").orElseThrow(), "redis-credentials", "password");
        }
        assertThat(chart.env("connector", "QUARKUS_REDIS_PASSWORD")).isEmpty();
    }

    /**
     * The cluster settings reach the processes, not just a ConfigMap: each Redis user's container takes its
     * ConfigMap through envFrom and nothing in its env overrides the client type or hosts; the connector,
     * which keeps nothing in Redis, gets no Redis settings at all.
     */
    @Test
    void redisClusterClientTypeAndSeedsReachTheContainersOfEveryRedisUserOnly() {
        Rendered chart = Chart.renderWith("redis-cluster.yaml");

        for (String component : List.of("room-service", "mailbox-service", "gift-service")) {
            assertThat(chart.container(component).getEnvFrom()).anySatisfy(from ->
                    assertThat(from.getConfigMapRef().getName()).isEqualTo(chart.configMap(component).getMetadata().getName()));
            assertThat(chart.env(component, "QUARKUS_REDIS_CLIENT_TYPE")).isEmpty();
            assertThat(chart.env(component, "QUARKUS_REDIS_HOSTS")).isEmpty();
            assertThat(chart.configMap(component).getData().get("QUARKUS_REDIS_HOSTS").split(","))
                    .hasSize(3).allMatch(seed -> seed.matches("redis://[^/]+"));
        }
        assertThat(chart.configMap("connector").getData()).doesNotContainKeys("QUARKUS_REDIS_CLIENT_TYPE", "QUARKUS_REDIS_HOSTS");
        assertThat(chart.env("connector", "QUARKUS_REDIS_PASSWORD")).isEmpty();
    }

    @Test
    void redisClusterSeedsAndCredentialsReachEveryRedisUser() {
        Rendered chart = Chart.renderWith("redis-cluster.yaml");

        for (String component : List.of("room-service", "mailbox-service", "gift-service")) {
            Map<String, String> config = chart.configMap(component).getData();
            assertThat(config).containsEntry("QUARKUS_REDIS_CLIENT_TYPE", "cluster")
                    .containsEntry("QUARKUS_REDIS_HOSTS", "redis://redis-cluster-0.redis-cluster-headless:6379,"
                            + "redis://redis-cluster-1.redis-cluster-headless:6379,redis://redis-cluster-2.redis-cluster-headless:6379");
            assertSecretRef(chart.env(component, "QUARKUS_REDIS_PASSWORD").orElseThrow(), "rc-roomcast", "redis-password");
        }
        assertThat(chart.configMap("gift-service").getData())
                .containsEntry("QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://pg.db.svc:6432/live?sslmode=require")
                .containsEntry("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://pg.db.svc:6432/live?sslmode=require");
        Map<String, String> secret = chart.chartSecret().orElseThrow().getData();
        assertThat(decode(secret.get("redis-password"))).isEqualTo("s3cret");
        assertThat(decode(secret.get("postgresql-username"))).isEqualTo("live_app");
        assertThat(decode(secret.get("postgresql-password"))).isEqualTo("pg-pass");
        assertThat(decode(secret.get("token-secrets")))
                .isEqualTo("new-signing-secret-0123456789abcdefghijkl,old-secret-still-verifies-0123456789abcdef");
        assertThat(decode(secret.get("service-token-secrets"))).isEqualTo("service-signing-secret-0123456789abcdefghij");
    }

    @Test
    void nodePortTransportsLongerDrainAndPropertiesByName() {
        Rendered chart = Chart.renderWith("nodeport-and-config.yaml");
        Service publicService = chart.service("connector-public");

        assertThat(publicService.getSpec().getType()).isEqualTo("NodePort");
        assertThat(publicService.getSpec().getExternalTrafficPolicy()).isEqualTo("Cluster");
        assertThat(publicService.getSpec().getPorts()).extracting(p -> p.getName() + ":" + p.getNodePort())
                .containsExactly("websocket:30090", "tcp:30091");
        assertThat(chart.deployment("connector").getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds()).isEqualTo(150);
        assertThat(chart.container("connector").getLifecycle().getPreStop().getSleep().getSeconds()).isEqualTo(5);
        assertThat(chart.configMap("connector").getData())
                .containsEntry("ROOMCAST_CONNECTOR_DRAIN_WINDOW_MILLIS", "120000")
                .containsEntry("QUARKUS_SHUTDOWN_TIMEOUT", "125S")
                .containsEntry("ROOMCAST_CONNECTOR_MAX_CONNECTIONS", "20000")
                .containsEntry("ROOMCAST_CONNECTOR_OUTBOUND_QUEUE_MAX_BYTES", "1048576")
                .containsEntry("QUARKUS_LOG_CATEGORY__IO_VERTX__LEVEL", "WARN");
        List<GenericKubernetesResource> monitors = chart.serviceMonitors();
        assertThat(monitors).hasSize(4).allSatisfy(monitor -> {
            assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "prometheus");
            assertThat(monitor.get("spec", "endpoints", 0, "path").toString()).isEqualTo("/q/metrics");
        });
    }

    @Test
    void computesTheConnectorGracePeriodFromTheDrainWhenNotSet() {
        Rendered chart = Chart.renderSet("connector.drain.windowMillis", 90_500, "connector.drain.preStopSleepSeconds", 8);

        // 8 s pause + 91 s drain (rounded up) + 15 s margin.
        assertThat(chart.deployment("connector").getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds()).isEqualTo(114);
    }

    @Test
    void changingATokenSecretRollsEveryPod() {
        Rendered before = Chart.renderWith("redis-cluster.yaml");
        Rendered after = Chart.render(new String[] {"redis-cluster.yaml"},
                Map.of("auth.tokenSecrets[0]", "rotated-signing-secret-0123456789abcdefgh"));

        for (String component : COMPONENTS) {
            assertThat(checksum(after, component, "checksum/secret")).isNotEqualTo(checksum(before, component, "checksum/secret"));
            assertThat(checksum(after, component, "checksum/config")).isEqualTo(checksum(before, component, "checksum/config"));
        }
    }

    @Test
    void longNamesStayWithinKubernetesLimits() {
        Rendered chart = Chart.renderSet("fullnameOverride", "a-very-long-release-name-for-the-live-platform-roomcast-eu-west");

        assertThat(chart.all()).allSatisfy(object -> assertThat(object.getMetadata().getName())
                .hasSizeLessThanOrEqualTo(63).matches("[a-z]([-a-z0-9]*[a-z0-9])?"));
        assertThat(chart.all(Service.class)).extracting(s -> s.getMetadata().getName())
                .contains("a-very-long-release-name-for-the-live-pl-room-service-headless");
    }

    private static String checksum(Rendered chart, String component, String annotation) {
        return chart.deployment(component).getSpec().getTemplate().getMetadata().getAnnotations().get(annotation);
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }
}
