package dev.roomcast.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad values fail at install time, with a message that names the offending value. */
class SchemaValidationTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "short-token-secret.yaml         | at '/auth/tokenSecrets/0': minLength: got 9, want 32",
        "shared-service-secret.yaml      | auth.serviceTokenSecrets shares a secret with auth.tokenSecrets",
        "unknown-service-type.yaml       | at '/connector/service/type': value must be one of",
        "misspelt-key.yaml               | additional properties 'replicas' not allowed",
        "standalone-with-many-hosts.yaml | at '/redis/hosts': maxItems: got 2, want 1",
        "cluster-host-with-database.yaml | at '/redis/hosts/0'",
        "unknown-image-variant.yaml      | at '/image/variant': value must be one of",
        "grace-shorter-than-drain.yaml   | connector.terminationGracePeriodSeconds (60) must be greater than 75",
        "native-transport-as-string.yaml | at '/connector/nativeTransport': got string, want boolean",
    })
    void rejectsValuesThatCannotWork(String valuesFile, String expectedInMessage) {
        assertThatThrownBy(() -> Chart.renderWith("invalid/" + valuesFile))
                .hasMessageContaining(expectedInMessage);
    }

    @Test
    void refusesClustersWithoutThePreStopSleepAction() {
        assertThatThrownBy(() -> Chart.render("1.29.4", new String[0], java.util.Map.of()))
                .hasMessageContaining("kubeVersion");
    }

    @Test
    void gracePeriodEqualToPauseDrainAndCloseIsStillTooShort() {
        // Defaults: 10 s pause + 30 s drain + 5 s close = 45 s; the kubelet's SIGKILL must come later.
        assertThatThrownBy(() -> Chart.renderSet("connector.terminationGracePeriodSeconds", 45))
                .hasMessageContaining("must be greater than 45");
        assertThat(Chart.renderSet("connector.terminationGracePeriodSeconds", 46)
                .deployment("connector").getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds()).isEqualTo(46);
    }
}
