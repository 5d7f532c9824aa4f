package dev.roomcast.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.LintResult;
import org.junit.jupiter.api.Test;

class ChartLintTest {

    @Test
    void passesStrictLintWithDefaultValues() {
        LintResult result = Chart.lintStrict();

        assertThat(result.getMessages()).as("lint messages").noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
        assertThat(result.isFailed()).as("lint failed: %s", result.getMessages()).isFalse();
    }

    @Test
    void rendersEveryKindFromDefaultValues() {
        Rendered rendered = Chart.renderDefaults();

        assertThat(rendered.all()).extracting(o -> o.getKind() + "/" + o.getMetadata().getName())
                .contains("Deployment/rc-roomcast-connector", "Deployment/rc-roomcast-room-service",
                        "Deployment/rc-roomcast-mailbox-service", "Deployment/rc-roomcast-gift-service",
                        "Service/rc-roomcast-connector-public", "Service/rc-roomcast-room-service-headless",
                        "Secret/rc-roomcast", "ServiceAccount/rc-roomcast");
    }
}
