package dev.roomcast.client.net;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import dev.roomcast.proto.v1.MessagesReply;
import dev.roomcast.proto.v1.PollReply;
import io.vertx.core.Future;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * mailbox-service REST: recent history, range after a msgId (recovery), short polling. Answers are
 * the proto replies as JSON (protobuf JSON mapping; unknown fields ignored for forward compatibility).
 */
public final class MailboxApi {

    private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();

    private final RestCalls rest;

    public MailboxApi(RestCalls rest) {
        this.rest = rest;
    }

    public Future<MessagesReply> recent(String baseUrl, String roomId, int limit, String bearer) {
        String url = base(baseUrl) + "/v1/rooms/" + enc(roomId) + "/messages/recent?limit=" + limit;
        return rest.get(url, bearer).map(body -> parse(body, MessagesReply.newBuilder()));
    }

    public Future<MessagesReply> after(String baseUrl, String mboxId, long afterMsgId, int limit, String bearer) {
        String url = base(baseUrl) + "/v1/mailboxes/" + enc(mboxId) + "/messages?after=" + afterMsgId + "&limit=" + limit;
        return rest.get(url, bearer).map(body -> parse(body, MessagesReply.newBuilder()));
    }

    public Future<PollReply> poll(String baseUrl, String roomId, long cursor, int limit, String bearer) {
        // catchUp: a backlog larger than the limit comes oldest first, the cursor after it (nothing skipped).
        String url = base(baseUrl) + "/v1/rooms/" + enc(roomId) + "/poll?cursor=" + cursor + "&limit=" + limit
                + "&catchUp=true";
        // Protobuf: a poll answer is read every interval by every poller; JSON costs the device far more to parse.
        return rest.getProtobuf(url, bearer).compose(body -> {
            try {
                return Future.succeededFuture(PollReply.parseFrom(body));
            } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                return Future.failedFuture(e);
            }
        });
    }

    @SuppressWarnings("unchecked")
    static <T extends Message> T parse(String json, Message.Builder builder) {
        return parse(json, builder, "messages");
    }

    @SuppressWarnings("unchecked")
    static <T extends Message> T parse(String json, Message.Builder builder, String listField) {
        String body = json.trim();
        if (body.startsWith("[")) {
            body = "{\"" + listField + "\":" + body + "}";   // a bare list
        }
        try {
            PARSER.merge(body, builder);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("unexpected JSON from the service: " + e.getMessage(), e);
        }
        return (T) builder.build();
    }

    /** The mailbox base URL: the one JoinOk named, else the configured one. */
    private static String base(String url) {
        return DispatcherApi.stripSlash(url);
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
