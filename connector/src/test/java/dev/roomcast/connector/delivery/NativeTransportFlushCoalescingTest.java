package dev.roomcast.connector.delivery;

import dev.roomcast.connector.support.NativeTransportProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** The deferred flush's scenarios with the client connections on the native epoll transport. */
@QuarkusTest
@TestProfile(NativeTransportProfile.class)
@EnabledIfSystemProperty(named = NativeTransportProfile.SWITCH, matches = "true")
class NativeTransportFlushCoalescingTest extends FlushCoalescingTest {
}
