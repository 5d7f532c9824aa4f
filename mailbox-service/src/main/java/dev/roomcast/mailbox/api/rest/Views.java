package dev.roomcast.mailbox.api.rest;

import dev.roomcast.mailbox.poll.PollResult;
import dev.roomcast.mailbox.timeline.MessageMapper;
import dev.roomcast.mailbox.timeline.Page;
import dev.roomcast.proto.v1.Message;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** JSON shapes of the REST API (records, registered for reflection for native images). */
public final class Views {

    private Views() {
    }

    @RegisterForReflection
    @Schema(description = "Who sent a message")
    public record SenderView(String userId, int level, boolean anonymous, String nickname) {
    }

    @RegisterForReflection
    @Schema(description = "A timeline message")
    public record MessageView(long msgId, String roomId, String type, int priority, SenderView sender, String body,
            long createdAtMs, long expireAtMs, String conflateKey, int aggregateCount) {

        static MessageView of(Message m) {
            return new MessageView(m.getMsgId(), m.getRoomId(), m.getType().name(), m.getPriority(),
                    new SenderView(m.getSender().getUserId(), m.getSender().getLevel(), m.getSender().getAnonymous(),
                            m.getSender().getNickname()),
                    m.getBody(), m.getCreatedAtMs(), MessageMapper.expireAtMs(m), m.getConflateKey(),
                    m.getAggregateCount());
        }
    }

    @RegisterForReflection
    @Schema(description = "A page of messages in msgId order; pass nextCursor back (after= or before=) for the next page")
    public record PageView(List<MessageView> messages, boolean hasMore, long nextCursor) {

        static PageView of(Page page) {
            return new PageView(views(page.messages()), page.hasMore(), page.nextCursor());
        }
    }

    @RegisterForReflection
    @Schema(description = "A short-poll answer")
    public record PollView(List<MessageView> messages, long nextCursor, int pollIntervalMs, boolean clamped) {

        static PollView of(PollResult r) {
            return new PollView(views(r.messages()), r.nextCursor(), r.pollIntervalMs(), r.clamped());
        }
    }

    @RegisterForReflection
    @Schema(description = "A typed error")
    public record ApiError(String code, String message) {
    }

    static List<MessageView> views(List<Message> messages) {
        List<MessageView> out = new ArrayList<>(messages.size());
        for (Message m : messages) {
            out.add(MessageView.of(m));
        }
        return out;
    }
}
