package dev.roomcast.room.publish;

import dev.roomcast.proto.v1.Message;
import dev.roomcast.proto.v1.MessageType;
import dev.roomcast.proto.v1.PublishReply;
import dev.roomcast.proto.v1.PublishRequest;
import dev.roomcast.proto.v1.PublishTarget;
import dev.roomcast.room.api.ApiError;
import dev.roomcast.room.mailbox.MailboxAppender;
import dev.roomcast.room.membership.RedisPipeline;
import dev.roomcast.room.ownership.InstanceRegistry;
import dev.roomcast.room.ownership.RoomOwnership;
import dev.roomcast.room.scheduler.SchedulerHost;
import dev.roomcast.scheduler.PriorityPolicy;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * One path for every publish, REST or gRPC: validate, route a room publish to its owner, assign the
 * msgId (persisted types), queue the mailbox append, hand the message to the room's scheduler (or
 * push a private/global one at once), and reply with the msgId. Nothing here waits on PostgreSQL.
 */
@ApplicationScoped
public class PublishService {

    private final PublishValidator validator;
    private final RoomOwnership ownership;
    private final OwnerForwarder forwarder;
    private final MsgIdAllocator msgIds;
    private final MailboxAppender mailbox;
    private final SchedulerHost scheduler;
    private final DirectPublisher direct;
    private final MeterRegistry registry;

    public PublishService(PublishValidator validator, RoomOwnership ownership, OwnerForwarder forwarder,
                          MsgIdAllocator msgIds, MailboxAppender mailbox, SchedulerHost scheduler,
                          DirectPublisher direct, MeterRegistry registry) {
        this.validator = validator;
        this.ownership = ownership;
        this.forwarder = forwarder;
        this.msgIds = msgIds;
        this.mailbox = mailbox;
        this.scheduler = scheduler;
        this.direct = direct;
        this.registry = registry;
    }

    public Uni<PublishReply> publish(PublishRequest request) {
        try {
            validator.validate(request);
        } catch (RuntimeException e) {
            count(request, "rejected");
            return Uni.createFrom().failure(e);
        }
        PublishTarget target = PublishValidator.targetOf(request);
        if (target == PublishTarget.ROOM) {
            InstanceRegistry.Instance owner = ownership.ownerOf(request.getRoomId());
            if (!ownership.isSelf(owner) && !request.getForwarded()) {
                // If the owner cannot be reached, serve here rather than fail: its lease will lapse soon.
                return forwarder.forward(owner, request)
                        .onFailure(forwarder::isUnreachable).recoverWithUni(() -> publishHere(request, target));
            }
        }
        return publishHere(request, target);
    }

    private Uni<PublishReply> publishHere(PublishRequest request, PublishTarget target) {
        PriorityPolicy policy = scheduler.policy();
        MessageType type = request.getType();
        int priority = policy.priorityOf(type, request.getSender(), request.getGiftValue(), request.getPriority());
        boolean persisted = policy.isPersisted(type);
        String mbox = mboxOf(request, target);
        Uni<Long> msgId = request.getMsgId() > 0 ? Uni.createFrom().item(request.getMsgId())
                : persisted ? msgIds.next(tagOf(request, target)) : Uni.createFrom().item(0L);
        return msgId.onFailure(RedisPipeline.Overloaded.class)
                .transform(f -> ApiError.OVERLOADED.exception("too many publishes queued, retry"))
                .map(id -> {
                    Message message = message(request, type, priority, id);
                    if (persisted) {
                        mailbox.append(mbox, message);
                    }
                    switch (target) {
                        case USER -> direct.toUser(request.getUserId(), message);
                        case GLOBAL -> direct.toEveryone(message);
                        default -> scheduler.submit(message);
                    }
                    count(request, "accepted");
                    return PublishReply.newBuilder().setMsgId(id).setRoomId(message.getRoomId())
                            .setPersisted(persisted).setPriority(priority).build();
                });
    }

    private static Message message(PublishRequest r, MessageType type, int priority, long msgId) {
        Message.Builder m = Message.newBuilder().setMsgId(msgId).setType(type).setPriority(priority)
                .setBody(r.getBody()).setCreatedAtMs(System.currentTimeMillis())
                .setConflateKey(r.getConflateKey()).setTtlMs(r.getTtlMs());
        if (r.hasSender()) {
            m.setSender(r.getSender());
        }
        PublishTarget target = PublishValidator.targetOf(r);
        if (target == PublishTarget.ROOM) {
            m.setRoomId(r.getRoomId());
        } else if (target == PublishTarget.USER) {
            m.setUserId(r.getUserId());
        }
        return m.build();
    }

    private static String mboxOf(PublishRequest r, PublishTarget target) {
        return switch (target) {
            case USER -> "user:" + r.getUserId();
            case GLOBAL -> DirectPublisher.GLOBAL_MCAST;
            default -> "room:" + r.getRoomId();
        };
    }

    /** The msgId sequence key: the room id for a room (its {roomId} slot), else the mailbox id. */
    private static String tagOf(PublishRequest r, PublishTarget target) {
        return target == PublishTarget.ROOM ? r.getRoomId() : mboxOf(r, target);
    }

    private void count(PublishRequest request, String outcome) {
        registry.counter("roomcast_publish_total", "target", PublishValidator.targetOf(request).name().toLowerCase(),
                "outcome", outcome).increment();
    }
}
