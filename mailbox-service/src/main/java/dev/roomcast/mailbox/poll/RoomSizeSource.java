package dev.roomcast.mailbox.poll;

import io.smallrye.mutiny.Uni;

/** Where the online count of a room comes from (room-service owns it); drives the poll interval tier. */
public interface RoomSizeSource {

    /** @return the room's online count, or -1 when unknown */
    Uni<Long> online(String roomId);
}
