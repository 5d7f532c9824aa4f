package dev.roomcast.connector.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** The connector with roomcast.connector.native-transport on: client connections on their own epoll Vert.x. */
public class NativeTransportProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("roomcast.connector.native-transport", "true", "roomcast.connector.client-event-loops", "2");
    }
}
