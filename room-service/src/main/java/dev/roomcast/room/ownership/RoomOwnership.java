package dev.roomcast.room.ownership;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Which room-service instance owns a room (and so runs its scheduler and assigns its msgIds). */
@ApplicationScoped
public class RoomOwnership {

    private final InstanceRegistry registry;

    public RoomOwnership(InstanceRegistry registry) {
        this.registry = registry;
    }

    /** The owner of a room among the live instances; {@link #isSelf} tells whether it is this one. */
    public InstanceRegistry.Instance ownerOf(String roomId) {
        List<InstanceRegistry.Instance> live = registry.live();
        String owner = Rendezvous.owner(roomId, live.stream().map(InstanceRegistry.Instance::id).toList());
        for (InstanceRegistry.Instance instance : live) {
            if (instance.id().equals(owner)) {
                return instance;
            }
        }
        throw new IllegalStateException("no live instance");
    }

    public boolean isSelf(InstanceRegistry.Instance instance) {
        return instance.id().equals(registry.selfId());
    }
}
