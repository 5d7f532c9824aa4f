package dev.roomcast.connector.delivery;

import dev.roomcast.connector.support.NativeTransportProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** {@link BackPressureTest} (drops for a slow reader, then SLOW; gifts never dropped) on the native transport. */
@QuarkusTest
@TestProfile(NativeTransportProfile.class)
@EnabledIfSystemProperty(named = NativeTransportProfile.SWITCH, matches = "true")
class NativeTransportBackPressureTest extends BackPressureTest {
}
