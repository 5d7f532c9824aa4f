package dev.roomcast.connector.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roomcast.connector.support.NativeTransportProfile;
import dev.roomcast.connector.transport.ClientVertx;
import dev.roomcast.connector.transport.EventLoops;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** Every bad-input case of {@link BadInputTest}, with the client listeners on the native transport. */
@QuarkusTest
@TestProfile(NativeTransportProfile.class)
@EnabledIfSystemProperty(named = NativeTransportProfile.SWITCH, matches = "true")
class NativeTransportBadInputTest extends BadInputTest {

    @Inject
    ClientVertx clients;

    @Inject
    EventLoops loops;

    @Test
    void clientConnectionsRunOnTheirOwnEpollVertxApartFromTheSharedOne() {
        assertThat(clients.vertx().isNativeTransportEnabled()).isTrue();
        assertThat(clients.vertx()).isNotSameAs(vertx);
        assertThat(loops.count()).isEqualTo(2);
    }
}
