package dev.roomcast.client.net;

import dev.roomcast.proto.v1.PullGiftsReply;
import io.vertx.core.Future;

/** gift-service REST fallback for an anchor whose long connection is down: gift history after a seq. */
public final class GiftApi {

    private final RestCalls rest;
    private final String baseUrl;

    public GiftApi(RestCalls rest, String baseUrl) {
        this.rest = rest;
        this.baseUrl = DispatcherApi.stripSlash(baseUrl);
    }

    /** Acknowledges over REST what the anchor received over REST, so gift-service stops re-pushing it. */
    public Future<String> ack(String roomId, long seq, String anchorToken) {
        String url = baseUrl + "/v1/rooms/" + MailboxApi.enc(roomId) + "/gifts/ack";
        return rest.post(url, anchorToken, "{\"seq\":" + seq + "}");
    }

    public Future<PullGiftsReply> after(String roomId, long afterSeq, int limit, String anchorToken) {
        String url = baseUrl + "/v1/rooms/" + MailboxApi.enc(roomId) + "/gifts?afterSeq=" + afterSeq + "&limit=" + limit;
        return rest.get(url, anchorToken).map(body -> MailboxApi.parse(body, PullGiftsReply.newBuilder(), "gifts"));
    }
}
