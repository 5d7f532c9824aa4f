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
import dev.roomcast.room.config.RoomConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.UUID;

/**
 * One path for every publish, REST or gRPC: validate, route a room publish to its owner, assign the
 * msgId (persisted types) and claim the publisher's idempotency key in the same Redis round trip, queue
 * the mailbox append, hand the message to the room's scheduler (or push a private/global one at once),
 * and reply with the msgId. Delivery never waits on PostgreSQL; the reply does (bounded by
 * {@code append-wait-millis}) so that {@code persisted=true} means durable, unless the publisher asked for
 * {@code noWaitForAppend} (then {@code queued=true}).
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
    private final AllocationsInFlight inFlight;
    private final MeterRegistry registry;
    private final RoomConfig.Publish config;
    private final Duration appendWait;

    public PublishService(PublishValidator validator, RoomOwnership ownership, OwnerForwarder forwarder,
                          MsgIdAllocator msgIds, MailboxAppender mailbox, SchedulerHost scheduler,
                          DirectPublisher direct, AllocationsInFlight inFlight, MeterRegistry registry,
                          RoomConfig config) {
        this.inFlight = inFlight;
        this.config = config.publish();
        this.appendWait = Duration.ofMillis(this.config.appendWaitMillis());
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
                // A forward that times out may still have been accepted by the owner: the key makes the local
                // retry answer that acceptance instead of publishing a second copy.
                PublishRequest keyed = request.getPublishId().isEmpty()
                        ? request.toBuilder().setPublishId("fwd:" + UUID.randomUUID()).build() : request;
                // If the owner cannot be reached, serve here rather than fail: its lease will lapse soon.
                return forwarder.forward(owner, keyed)
                        .onFailure(forwarder::isUnreachable).recoverWithUni(() -> publishHere(keyed, target));
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
        long now = System.currentTimeMillis();
        if (persisted) {
            // A place in the append queue first: a full queue (or a stopped appender) refuses the publish before
            // its msgId and publishId are claimed, so that a retry is delivered as a first acceptance.
            mailbox.reserve();
        }
        boolean assign = persisted && request.getMsgId() == 0;
        // A room msgId on its way to the scheduler holds blocks' poll cursors below it until submitted.
        AllocationsInFlight.Ticket ticket = assign && target == PublishTarget.ROOM ? inFlight.open(request.getRoomId()) : null;
        String pendingRoom = target == PublishTarget.ROOM ? request.getRoomId() : null;
        Uni<MsgIdAllocator.Acceptance> accepted;
        if (!request.getPublishId().isEmpty()) {
            accepted = msgIds.acceptOnce(tagOf(request, target), pendingRoom, request.getPublishId(), assign,
                    request.getMsgId(), now, config.idempotencyWindowSeconds());
        } else if (assign) {
            accepted = msgIds.next(tagOf(request, target), pendingRoom).map(id -> new MsgIdAllocator.Acceptance(id, now, false));
        } else {
            accepted = Uni.createFrom().item(new MsgIdAllocator.Acceptance(request.getMsgId(), now, false));
        }
        return accepted.onFailure().invoke(f -> {
                    if (persisted) {
                        mailbox.release();
                    }
                    if (ticket != null) {
                        inFlight.close(ticket, 0);
                    }
                })
                .onCancellation().invoke(() -> {
                    if (ticket != null) {
                        inFlight.close(ticket, 0);
                    }
                })
                .onFailure(RedisPipeline.Overloaded.class)
                .transform(f -> ApiError.OVERLOADED.exception("too many publishes queued, retry"))
                .chain(a -> {
                    Message message = message(request, type, priority, a.msgId(), a.createdAtMs());
                    // Queued (in the place reserved above) before delivery. A repeat is appended again
                    // (idempotent: same msgId and created_at), which repairs a first acceptance that died before
                    // its append, but it is never delivered twice.
                    Uni<MailboxAppender.Outcome> append = persisted ? mailbox.append(mbox, message) : null;
                    try {
                        if (!a.duplicate()) {
                            switch (target) {
                                case USER -> direct.toUser(request.getUserId(), message);
                                case GLOBAL -> direct.toEveryone(message);
                                default -> scheduler.submit(message);
                            }
                        }
                    } finally {
                        if (ticket != null) {
                            inFlight.close(ticket, a.msgId());
                        }
                    }
                    count(request, a.duplicate() ? "duplicate" : "accepted");
                    PublishReply.Builder reply = PublishReply.newBuilder().setMsgId(a.msgId())
                            .setRoomId(message.getRoomId()).setPriority(priority).setDuplicate(a.duplicate())
                            .setCreatedAtMs(a.createdAtMs());
                    if (append == null) {
                        return Uni.createFrom().item(reply.build());
                    }
                    if (request.getNoWaitForAppend()) {
                        return Uni.createFrom().item(reply.setQueued(true).build());
                    }
                    return append.ifNoItem().after(appendWait).recoverWithItem((MailboxAppender.Outcome) null)
                            .map(o -> (o == null ? reply.setQueued(true)
                                    : o.durable() ? reply.setPersisted(true)
                                    : reply.setAppendError(o.giveUpReason())).build());
                });
    }

    private static Message message(PublishRequest r, MessageType type, int priority, long msgId, long createdAtMs) {
        Message.Builder m = Message.newBuilder().setMsgId(msgId).setType(type).setPriority(priority)
                .setBody(r.getBody()).setCreatedAtMs(createdAtMs)
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
