package dev.roomcast.mailbox.api.rest;

import dev.roomcast.mailbox.config.MailboxConfig;
import dev.roomcast.mailbox.poll.PollService;
import dev.roomcast.mailbox.support.ErrorCodes;
import dev.roomcast.mailbox.support.Ids;
import dev.roomcast.mailbox.support.MailboxException;
import dev.roomcast.mailbox.timeline.MailboxKind;
import dev.roomcast.mailbox.timeline.TimelineQueries;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Read side for clients: recent history on entering a room, range paging, short polling. */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "mailbox", description = "History timeline and short polling")
public class MailboxResource {

    static final String PROTOBUF = "application/x-protobuf";

    private final TimelineQueries queries;
    private final PollService polls;
    private final MailboxAccess access;
    private final MailboxConfig.Read read;
    private final SharedPollAnswers shared;

    public MailboxResource(TimelineQueries queries, PollService polls, MailboxAccess access, MailboxConfig config,
            SharedPollAnswers shared) {
        this.queries = queries;
        this.polls = polls;
        this.shared = shared;
        this.access = access;
        this.read = config.read();
    }

    @GET
    @Path("/rooms/{roomId}/messages/recent")
    @Operation(summary = "The newest messages of a room, newest last (a viewer entering). Unknown room: empty.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = Views.PageView.class)))
    @APIResponse(responseCode = "400", description = "BAD_ROOM, BAD_LIMIT",
            content = @Content(schema = @Schema(implementation = Views.ApiError.class)))
    public Uni<Views.PageView> recent(@PathParam("roomId") String roomId,
            @Parameter(description = "1..maxLimit, default defaultLimit") @QueryParam("limit") String limit) {
        Ids.roomId(roomId);
        int n = Ids.limit(limit, read.defaultLimit(), read.maxLimit());
        return queries.recent(MailboxKind.ROOM, MailboxKind.ROOM.mboxOf(roomId), n).map(Views.PageView::of);
    }

    @GET
    @Path("/mailboxes/{mboxId}/messages")
    @Operation(summary = "Messages by msgId range, paged: after=X (ascending from X) or before=X (the page just below X; before=0: the newest page)"
            + " below X); neither = from the oldest. Pass nextCursor back in the same parameter.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = Views.PageView.class)))
    @APIResponse(responseCode = "400", description = "BAD_MAILBOX, BAD_CURSOR, BAD_LIMIT",
            content = @Content(schema = @Schema(implementation = Views.ApiError.class)))
    @APIResponse(responseCode = "401", description = "gift: and user: mailboxes need a token")
    public Uni<Views.PageView> range(
            @Parameter(description = "room:{roomId}, gift:{roomId} or user:{userId}") @PathParam("mboxId") String mboxId,
            @QueryParam("after") String after, @QueryParam("before") String before,
            @QueryParam("limit") String limit, @HeaderParam("Authorization") String authorization) {
        MailboxKind kind = Ids.mbox(mboxId);
        Long afterCursor = Ids.cursor(after);
        Long beforeCursor = Ids.cursor(before);
        if (afterCursor != null && beforeCursor != null) {
            throw MailboxException.invalid(ErrorCodes.BAD_CURSOR, "give after or before, not both");
        }
        int n = Ids.limit(limit, read.defaultLimit(), read.maxLimit());
        access.checkRead(kind, mboxId, authorization);
        Uni<dev.roomcast.mailbox.timeline.Page> page = beforeCursor != null
                ? queries.before(kind, mboxId, beforeCursor == 0 ? Long.MAX_VALUE : beforeCursor, n)
                : queries.after(kind, mboxId, afterCursor == null ? 0 : afterCursor, n);
        return page.map(Views.PageView::of);
    }

    @GET
    @Path("/rooms/{roomId}/poll")
    @Operation(summary = "Short polling: messages after the cursor (highest priority first when more than limit"
            + " wait, returned in msgId order), the next cursor and the interval before the next poll")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = Views.PollView.class)))
    @APIResponse(responseCode = "400", description = "BAD_ROOM, BAD_CURSOR, BAD_LIMIT",
            content = @Content(schema = @Schema(implementation = Views.ApiError.class)))
    @Produces({MediaType.APPLICATION_JSON, PROTOBUF})
    public Uni<jakarta.ws.rs.core.Response> poll(@PathParam("roomId") String roomId,
            @Parameter(description = "last msgId seen; 0 or absent = start of the hot window") @QueryParam("cursor")
            String cursor,
            @QueryParam("limit") String limit,
            @Parameter(description = "true: when more than limit wait, the oldest limit and the cursor after them"
                    + " (a client that must see every message); default: the highest priority, cursor at the head")
            @QueryParam("catchUp") String catchUp,
            @Parameter(description = "application/x-protobuf: a PollReply message (smaller, cheaper to read); else JSON")
            @HeaderParam("Accept") String accept) {
        Ids.roomId(roomId);
        Long c = Ids.cursor(cursor);
        long from = c == null ? 0 : c;
        int n = Ids.limit(limit, read.defaultLimit(), read.maxLimit());
        boolean inOrder = Ids.flag("catchUp", catchUp);
        // A Views.PollView as JSON, shared by the room's pollers that ask the same (see SharedPollAnswers).
        boolean proto = accept != null && accept.contains(PROTOBUF);
        SharedPollAnswers.Form form = proto ? SharedPollAnswers.Form.PROTOBUF : SharedPollAnswers.Form.JSON;
        return polls.measured(() -> shared.answer(roomId, from, n, inOrder, form, () -> polls.poll(roomId, from, n, inOrder)))
                .map(body -> jakarta.ws.rs.core.Response.ok(body, proto ? PROTOBUF : MediaType.APPLICATION_JSON).build());
    }
}
