package dev.roomcast.room.api.rest;

import dev.roomcast.proto.v1.MessageType;
import dev.roomcast.proto.v1.PublishRequest;
import dev.roomcast.proto.v1.PublishTarget;
import dev.roomcast.proto.v1.Sender;
import dev.roomcast.room.api.ApiError;
import dev.roomcast.room.membership.Membership;
import dev.roomcast.room.publish.PublishService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Locale;

/** The platform backend's publish API over REST (service credential required; see ServiceAuthFilter). */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class PublishResource {

    private final PublishService publisher;
    private final Membership membership;

    public PublishResource(PublishService publisher, Membership membership) {
        this.publisher = publisher;
        this.membership = membership;
    }

    @POST
    @Path("/rooms/{roomId}/messages")
    public Uni<PublishResult> toRoom(@PathParam("roomId") String roomId, PublishBody body) {
        return publish(request(body, PublishTarget.ROOM).setRoomId(roomId));
    }

    @POST
    @Path("/users/{userId}/messages")
    public Uni<PublishResult> toUser(@PathParam("userId") String userId, PublishBody body) {
        return publish(request(body, PublishTarget.USER).setUserId(userId));
    }

    @POST
    @Path("/broadcast")
    public Uni<PublishResult> toEveryone(PublishBody body) {
        return publish(request(body, PublishTarget.GLOBAL));
    }

    @GET
    @Path("/rooms/{roomId}/online")
    public Uni<OnlineResult> online(@PathParam("roomId") String roomId) {
        return membership.onlineCount(roomId)
                .map(reply -> new OnlineResult(roomId, reply.getOnlineCount(), reply.getCumulativeViewers()));
    }

    private Uni<PublishResult> publish(PublishRequest.Builder request) {
        return publisher.publish(request.build()).map(PublishResult::of);
    }

    static PublishRequest.Builder request(PublishBody body, PublishTarget target) {
        if (body == null) {
            throw ApiError.EMPTY_BODY.exception("request body is required");
        }
        PublishRequest.Builder r = PublishRequest.newBuilder().setTarget(target).setType(type(body.type()));
        if (body.priority() != null) {
            r.setPriority(body.priority());
        }
        if (body.body() != null) {
            r.setBody(body.body());
        }
        if (body.conflateKey() != null) {
            r.setConflateKey(body.conflateKey());
        }
        if (body.ttlMs() != null) {
            r.setTtlMs(body.ttlMs());
        }
        if (body.giftValue() != null) {
            r.setGiftValue(body.giftValue());
        }
        if (body.msgId() != null) {
            r.setMsgId(body.msgId());
        }
        if (body.publishId() != null) {
            r.setPublishId(body.publishId());
        }
        if (body.noWaitForAppend() != null) {
            r.setNoWaitForAppend(body.noWaitForAppend());
        }
        PublishBody.SenderBody s = body.sender();
        if (s != null) {
            Sender.Builder sender = Sender.newBuilder();
            if (s.userId() != null) {
                sender.setUserId(s.userId());
            }
            if (s.level() != null) {
                sender.setLevel(s.level());
            }
            if (s.anonymous() != null) {
                sender.setAnonymous(s.anonymous());
            }
            if (s.nickname() != null) {
                sender.setNickname(s.nickname());
            }
            r.setSender(sender);
        }
        return r;
    }

    static MessageType type(String name) {
        if (name == null || name.isBlank()) {
            throw ApiError.UNKNOWN_TYPE.exception("type is required");
        }
        try {
            MessageType type = MessageType.valueOf(name.trim().toUpperCase(Locale.ROOT));
            if (type == MessageType.UNRECOGNIZED || type == MessageType.MESSAGE_TYPE_UNSPECIFIED) {
                throw new IllegalArgumentException();
            }
            return type;
        } catch (IllegalArgumentException e) {
            throw ApiError.UNKNOWN_TYPE.exception("unknown message type: " + name);
        }
    }
}
