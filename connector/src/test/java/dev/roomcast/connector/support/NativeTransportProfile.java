package dev.roomcast.connector.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * The connector with roomcast.connector.native-transport on: client connections on their own epoll Vert.x.
 * Its tests run in their own surefire execution (connector/pom.xml, {@code native-transport}): in
 * the default suite the profile switch restarts the application in the same JVM, and the application
 * started after that restart refused WebSocket handshakes (not yet understood), so they are off there.
 */
public class NativeTransportProfile implements QuarkusTestProfile {

    public static final String SWITCH = "roomcast.native-transport-tests";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("roomcast.connector.native-transport", "true", "roomcast.connector.client-event-loops", "2");
    }
}
