package dev.roomcast.gift.fakes;

import dev.roomcast.proto.v1.ConnectorInfo;
import dev.roomcast.proto.v1.PublishRequest;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/** What the fake room-service recorded, and the switches a test flips (down, routes). */
@Singleton
public class FakeRoomState {

    /** The fake connector is served by this test app itself. */
    public static final ConnectorInfo TEST_CONNECTOR = ConnectorInfo.newBuilder()
            .setConnectorId("fake-connector").setGrpcAddress("localhost:18084").build();

    public final List<PublishRequest> published = new CopyOnWriteArrayList<>();
    public final AtomicLong nextMsgId = new AtomicLong(1000);
    public final AtomicLong routeLookups = new AtomicLong();
    public volatile boolean down;
    private final Map<String, List<ConnectorInfo>> routes = new ConcurrentHashMap<>();

    public List<PublishRequest> publishedTo(String roomId) {
        return published.stream().filter(p -> p.getRoomId().equals(roomId)).toList();
    }

    public void route(String mcastId, List<ConnectorInfo> connectors) {
        routes.put(mcastId, connectors);
    }

    List<ConnectorInfo> routeOf(String mcastId) {
        return routes.getOrDefault(mcastId, List.of(TEST_CONNECTOR));
    }
}
