package dev.roomcast.connector.delivery;

import dev.roomcast.connector.support.NativeTransportProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** {@link FanOutTest}'s delivery cases with the client listeners on the native transport. */
@QuarkusTest
@TestProfile(NativeTransportProfile.class)
@EnabledIfSystemProperty(named = NativeTransportProfile.SWITCH, matches = "true")
class NativeTransportDeliveryTest extends FanOutTest {
}
