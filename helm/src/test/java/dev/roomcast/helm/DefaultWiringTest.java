package dev.roomcast.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The chart rendered with its default values: how each service is wired. */
class DefaultWiringTest {

    private static Rendered chart;

    @BeforeAll
    static void render() {
        chart = Chart.renderDefaults();
    }

    @ParameterizedTest
    @CsvSource({"connector,8081", "room-service,8082", "mailbox-service,8083", "gift-service,8084"})
    void probesQuarkusHealthOnTheHttpPort(String component, int httpPort) {
        Container container = chart.container(component);

        assertThat(container.getPorts()).filteredOn(p -> p.getName().equals("http"))
                .extracting(ContainerPort::getContainerPort).containsExactly(httpPort);
        assertHttpProbe(container.getStartupProbe(), "/q/health/live");
        assertHttpProbe(container.getLivenessProbe(), "/q/health/live");
        assertHttpProbe(container.getReadinessProbe(), "/q/health/ready");
        assertThat(container.getStartupProbe().getFailureThreshold() * container.getStartupProbe().getPeriodSeconds())
                .as("startup budget in seconds (a JVM image needs more than a native one)").isGreaterThanOrEqualTo(60);
    }

    @ParameterizedTest
    @CsvSource({"connector,8081", "room-service,8082", "mailbox-service,8083", "gift-service,8084"})
    void clusterIpServiceCarriesHttpAndGrpcOnOnePort(String component, int httpPort) {
        Service service = chart.service(component);

        assertThat(service.getSpec().getType()).isEqualTo("ClusterIP");
        assertThat(service.getSpec().getPorts()).singleElement().satisfies(port -> {
            assertThat(port.getPort()).isEqualTo(httpPort);
            assertThat(port.getTargetPort().getStrVal()).isEqualTo("http");
        });
        assertThat(service.getSpec().getSelector())
                .isEqualTo(chart.deployment(component).getSpec().getSelector().getMatchLabels())
                .isEqualTo(chart.deployment(component).getSpec().getTemplate().getMetadata().getLabels());
    }

    @ParameterizedTest
    @CsvSource({"connector,CONNECTOR,8081", "room-service,ROOM,8082", "mailbox-service,MAILBOX,8083", "gift-service,GIFT,8084"})
    void readsSettingsFromItsConfigMapAndTokenSecretsFromTheSecret(String component, String prefix, String httpPort) {
        Container container = chart.container(component);

        assertThat(container.getEnvFrom()).singleElement()
                .satisfies(source -> assertThat(source.getConfigMapRef().getName()).isEqualTo(Rendered.PREFIX + component));
        Map<String, String> config = chart.configMap(component).getData();
        assertThat(config).containsEntry("ROOMCAST_" + prefix + "_HTTP_PORT", httpPort)
                .containsEntry("ROOMCAST_ROOM_GRPC_HOST", "rc-roomcast-room-service")
                .containsEntry("ROOMCAST_ROOM_GRPC_PORT", "8082")
                .containsEntry("ROOMCAST_MAILBOX_GRPC_HOST", "rc-roomcast-mailbox-service")
                .containsEntry("ROOMCAST_MAILBOX_GRPC_PORT", "8083")
                .containsEntry("ROOMCAST_GIFT_GRPC_HOST", "rc-roomcast-gift-service")
                .containsEntry("ROOMCAST_GIFT_GRPC_PORT", "8084");
        assertSecretRef(chart.env(component, "ROOMCAST_" + prefix + "_TOKEN_SECRETS").orElseThrow(), "rc-roomcast", "token-secrets");
        assertSecretRef(chart.env(component, "ROOMCAST_" + prefix + "_SERVICE_TOKEN_SECRETS").orElseThrow(), "rc-roomcast",
                "service-token-secrets");
        assertThat(chart.env(component, "ROOMCAST_" + prefix + "_INSTANCE_ID").orElseThrow().getValueFrom().getFieldRef().getFieldPath())
                .isEqualTo("metadata.name");
    }

    @Test
    void connectorAndRoomServiceAdvertiseTheirPodIp() {
        assertThat(chart.env("connector", "ROOMCAST_CONNECTOR_ADVERTISED_HOST").orElseThrow().getValueFrom().getFieldRef().getFieldPath())
                .isEqualTo("status.podIP");
        assertThat(chart.env("room-service", "ROOMCAST_ROOM_ADVERTISED_HOST").orElseThrow().getValueFrom().getFieldRef().getFieldPath())
                .isEqualTo("status.podIP");
        List<String> roomEnv = chart.container("room-service").getEnv().stream().map(EnvVar::getName).toList();
        // Kubernetes expands $(VAR) only from variables defined earlier in the list.
        assertThat(roomEnv.indexOf("ROOMCAST_ROOM_ADVERTISED_HOST")).isLessThan(roomEnv.indexOf("ROOMCAST_ROOM_ADVERTISED_GRPC_ADDRESS"));
        assertThat(chart.env("room-service", "ROOMCAST_ROOM_ADVERTISED_GRPC_ADDRESS").orElseThrow().getValue())
                .isEqualTo("$(ROOMCAST_ROOM_ADVERTISED_HOST):8082");
    }

    @Test
    void connectorListensOnTheServicePortsAndPointsClientsAtTheMailbox() {
        assertThat(chart.configMap("connector").getData())
                .containsEntry("ROOMCAST_CONNECTOR_WS_PORT", "8090")
                .containsEntry("ROOMCAST_CONNECTOR_TCP_PORT", "8091")
                .containsEntry("ROOMCAST_CONNECTOR_HISTORY_URL", "http://rc-roomcast-mailbox-service.live.svc:8083")
                .doesNotContainKeys("QUARKUS_REDIS_HOSTS", "QUARKUS_DATASOURCE_REACTIVE_URL");
    }

    @ParameterizedTest
    @CsvSource({"room-service,true,false", "mailbox-service,true,true", "gift-service,true,true", "connector,false,false"})
    void onlyServicesThatUseRedisOrPostgresqlGetTheirAddresses(String component, boolean redis, boolean postgresql) {
        Map<String, String> config = chart.configMap(component).getData();

        assertThat(config.containsKey("QUARKUS_REDIS_HOSTS")).isEqualTo(redis);
        assertThat(config.containsKey("QUARKUS_DATASOURCE_REACTIVE_URL")).isEqualTo(postgresql);
        assertThat(chart.env(component, "QUARKUS_DATASOURCE_PASSWORD").isPresent()).isEqualTo(postgresql);
        if (redis) {
            assertThat(config).containsEntry("QUARKUS_REDIS_HOSTS", "redis://redis-master:6379")
                    .containsEntry("QUARKUS_REDIS_CLIENT_TYPE", "standalone")
                    .containsEntry("ROOMCAST_REDIS_HOST", "redis-master")
                    .containsEntry("ROOMCAST_REDIS_PORT", "6379");
        }
        if (postgresql) {
            assertThat(config).containsEntry("QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://postgresql:5432/roomcast")
                    .containsEntry("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://postgresql:5432/roomcast")
                    .containsEntry("ROOMCAST_PG_HOST", "postgresql");
            assertSecretRef(chart.env(component, "QUARKUS_DATASOURCE_USERNAME").orElseThrow(), "rc-roomcast", "postgresql-username");
            assertSecretRef(chart.env(component, "ROOMCAST_PG_PASSWORD").orElseThrow(), "rc-roomcast", "postgresql-password");
        }
    }

    @Test
    void connectorServesClientsOnNativeEpollByDefaultAndNioWhenAsked() {
        assertThat(chart.configMap("connector").getData()).containsEntry("ROOMCAST_CONNECTOR_NATIVE_TRANSPORT", "true");
        assertThat(chart.configMap("room-service").getData()).doesNotContainKey("ROOMCAST_CONNECTOR_NATIVE_TRANSPORT");

        assertThat(Chart.renderSet("connector.nativeTransport", "false").configMap("connector").getData())
                .containsEntry("ROOMCAST_CONNECTOR_NATIVE_TRANSPORT", "false");
    }

    @Test
    void connectorDrainsAfterThePreStopPauseWithinItsGracePeriod() {
        Deployment connector = chart.deployment("connector");
        Container container = chart.container("connector");
        long preStopSeconds = container.getLifecycle().getPreStop().getSleep().getSeconds();
        long drainMillis = Long.parseLong(chart.configMap("connector").getData().get("ROOMCAST_CONNECTOR_DRAIN_WINDOW_MILLIS"));

        long shutdownSeconds = Long.parseLong(chart.configMap("connector").getData().get("QUARKUS_SHUTDOWN_TIMEOUT").replace("S", ""));

        assertThat(preStopSeconds).isEqualTo(10);
        assertThat(drainMillis).isEqualTo(30_000);
        assertThat(shutdownSeconds * 1000).as("Quarkus must not cut the drain short").isGreaterThan(drainMillis);
        assertThat(connector.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds())
                .isEqualTo(55).isGreaterThan(preStopSeconds + shutdownSeconds);
        assertThat(connector.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal()).isZero();
    }

    @Test
    void connectorExposesWebSocketAndTcpThroughAnL4LoadBalancer() {
        Service publicService = chart.service("connector-public");

        assertThat(publicService.getSpec().getType()).isEqualTo("LoadBalancer");
        assertThat(publicService.getSpec().getExternalTrafficPolicy()).isEqualTo("Local");
        assertThat(publicService.getSpec().getPorts()).extracting(ServicePort::getName, ServicePort::getPort, p -> p.getTargetPort().getStrVal())
                .containsExactly(tuple("websocket", 8090, "websocket"),
                        tuple("tcp", 8091, "tcp"));
        assertThat(chart.container("connector").getPorts()).extracting(ContainerPort::getName, ContainerPort::getContainerPort)
                .contains(tuple("websocket", 8090), tuple("tcp", 8091));
    }

    @Test
    void roomServiceHasAHeadlessServiceForInstanceDiscovery() {
        Service headless = chart.service("room-service-headless");

        assertThat(headless.getSpec().getClusterIP()).isEqualTo("None");
        assertThat(headless.getSpec().getPublishNotReadyAddresses()).isFalse();
        assertThat(headless.getSpec().getSelector()).isEqualTo(chart.service("room-service").getSpec().getSelector());
    }

    @ParameterizedTest
    @CsvSource({"connector,true", "room-service,true", "mailbox-service,false", "gift-service,false"})
    void autoscalesConnectorAndRoomServiceAndProtectsEveryServiceWithABudget(String component, boolean autoscaled) {
        assertThat(chart.pdb(component)).hasValueSatisfying(pdb -> {
            assertThat(pdb.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
            assertThat(pdb.getSpec().getSelector().getMatchLabels())
                    .isEqualTo(chart.deployment(component).getSpec().getSelector().getMatchLabels());
        });
        assertThat(chart.hpa(component).isPresent()).isEqualTo(autoscaled);
        chart.hpa(component).ifPresent(hpa -> {
            assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo(Rendered.PREFIX + component);
            assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(2);
            assertThat(hpa.getSpec().getMetrics()).anySatisfy(m -> assertThat(m.getResource().getName()).isEqualTo("cpu"));
        });
        // The HPA owns the replica count; a fixed one in the Deployment would fight it on every upgrade.
        assertThat(chart.deployment(component).getSpec().getReplicas()).isEqualTo(autoscaled ? null : 2);
    }

    @ParameterizedTest
    @CsvSource({"connector", "room-service", "mailbox-service", "gift-service"})
    void spreadsReplicasRunsNonRootAndIsScrapedByPrometheus(String component) {
        PodSpec pod = chart.deployment(component).getSpec().getTemplate().getSpec();
        Map<String, String> annotations = chart.deployment(component).getSpec().getTemplate().getMetadata().getAnnotations();
        Container container = pod.getContainers().get(0);

        assertThat(pod.getAffinity().getPodAntiAffinity().getPreferredDuringSchedulingIgnoredDuringExecution())
                .singleElement().satisfies(term -> {
                    assertThat(term.getPodAffinityTerm().getTopologyKey()).isEqualTo("kubernetes.io/hostname");
                    assertThat(term.getPodAffinityTerm().getLabelSelector().getMatchLabels())
                            .containsEntry("app.kubernetes.io/component", component);
                });
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(container.getVolumeMounts()).anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
        assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(container.getResources().getLimits()).containsKeys("cpu", "memory");
        assertThat(annotations).containsEntry("prometheus.io/scrape", "true")
                .containsEntry("prometheus.io/path", "/q/metrics")
                .containsEntry("prometheus.io/port", String.valueOf(chart.container(component).getPorts().stream()
                        .filter(p -> p.getName().equals("http")).findFirst().orElseThrow().getContainerPort()))
                .containsKeys("checksum/config", "checksum/secret");
    }

    @ParameterizedTest
    @CsvSource({"connector,roomcast/roomcast-connector", "room-service,roomcast/roomcast-room-service",
            "mailbox-service,roomcast/roomcast-mailbox-service", "gift-service,roomcast/roomcast-gift-service"})
    void runsNativeImagesTaggedWithTheAppVersionByDefault(String component, String repository) {
        assertThat(chart.container(component).getImage()).isEqualTo(repository + ":0.1.0-native");
        assertThat(chart.configMap(component).getData()).doesNotContainKey("JAVA_OPTS_APPEND");
    }

    @Test
    void generatesSeparateUserAndServiceSecretsLongEnoughForHs256WhenNoneIsGiven() {
        Secret secret = chart.chartSecret().orElseThrow();
        String tokenSecrets = new String(Base64.getDecoder().decode(secret.getData().get("token-secrets")), StandardCharsets.UTF_8);

        assertThat(tokenSecrets).hasSize(48).doesNotContain(",");
        String serviceTokenSecrets = new String(Base64.getDecoder().decode(secret.getData().get("service-token-secrets")),
                StandardCharsets.UTF_8);
        assertThat(serviceTokenSecrets).as("service credentials get a key of their own").hasSize(48).doesNotContain(",")
                .isNotEqualTo(tokenSecrets);
        assertThat(chart.serviceMonitors()).isEmpty();
    }

    private static void assertHttpProbe(Probe probe, String path) {
        assertThat(probe).isNotNull();
        assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
        assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("http");
    }

    static void assertSecretRef(EnvVar env, String secret, String key) {
        assertThat(env.getValueFrom().getSecretKeyRef().getName()).as(env.getName() + " secret").isEqualTo(secret);
        assertThat(env.getValueFrom().getSecretKeyRef().getKey()).as(env.getName() + " key").isEqualTo(key);
    }
}
