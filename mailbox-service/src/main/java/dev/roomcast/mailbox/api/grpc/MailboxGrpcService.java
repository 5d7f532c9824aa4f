package dev.roomcast.mailbox.api.grpc;

import dev.roomcast.mailbox.append.AppendService;
import dev.roomcast.mailbox.config.MailboxConfig;
import dev.roomcast.mailbox.poll.PollService;
import dev.roomcast.mailbox.support.Ids;
import dev.roomcast.mailbox.timeline.MailboxKind;
import dev.roomcast.mailbox.timeline.Page;
import dev.roomcast.mailbox.timeline.TimelineQueries;
import dev.roomcast.proto.v1.AppendBatchReply;
import dev.roomcast.proto.v1.AppendBatchRequest;
import dev.roomcast.proto.v1.AppendResult;
import dev.roomcast.proto.v1.AppendStatus;
import dev.roomcast.proto.v1.Direction;
import dev.roomcast.proto.v1.MailboxService;
import dev.roomcast.proto.v1.MessagesReply;
import dev.roomcast.proto.v1.PollReply;
import dev.roomcast.proto.v1.PollRequest;
import dev.roomcast.proto.v1.RangeRequest;
import dev.roomcast.proto.v1.RecentRequest;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Uni;

/** gRPC edge of the mailbox (callers: room-service, gift-service; service token checked by {@link ServiceTokenInterceptor}). */
@GrpcService
public class MailboxGrpcService implements MailboxService {

    private final AppendService appends;
    private final TimelineQueries queries;
    private final PollService polls;
    private final MailboxConfig.Read read;

    public MailboxGrpcService(AppendService appends, TimelineQueries queries, PollService polls, MailboxConfig config) {
        this.appends = appends;
        this.queries = queries;
        this.polls = polls;
        this.read = config.read();
    }

    @Override
    public Uni<AppendBatchReply> appendBatch(AppendBatchRequest request) {
        return appends.append(request.getEntriesList())
                .map(MailboxGrpcService::appendReply)
                .onFailure().transform(GrpcErrors::toStatus);
    }

    @Override
    public Uni<MessagesReply> recent(RecentRequest request) {
        return Uni.createFrom().deferred(() -> {
            MailboxKind kind = Ids.mbox(request.getMboxId());
            int limit = Ids.limit(request.getLimit(), read.defaultLimit(), read.maxLimit());
            return queries.recent(kind, request.getMboxId(), limit);
        }).map(MailboxGrpcService::reply).onFailure().transform(GrpcErrors::toStatus);
    }

    @Override
    public Uni<MessagesReply> range(RangeRequest request) {
        return Uni.createFrom().deferred(() -> {
            MailboxKind kind = Ids.mbox(request.getMboxId());
            long cursor = Ids.cursor(request.getCursor());
            int limit = Ids.limit(request.getLimit(), read.defaultLimit(), read.maxLimit());
            return request.getDirection() == Direction.BEFORE
                    ? queries.before(kind, request.getMboxId(), cursor == 0 ? Long.MAX_VALUE : cursor, limit)
                    : queries.after(kind, request.getMboxId(), cursor, limit);
        }).map(MailboxGrpcService::reply).onFailure().transform(GrpcErrors::toStatus);
    }

    @Override
    public Uni<PollReply> poll(PollRequest request) {
        return Uni.createFrom().deferred(() -> {
            Ids.roomId(request.getRoomId());
            long cursor = Ids.cursor(request.getCursor());
            int limit = Ids.limit(request.getLimit(), read.defaultLimit(), read.maxLimit());
            return polls.measured(() -> polls.poll(request.getRoomId(), cursor, limit, request.getCatchUp()));
        }).map(r -> PollReply.newBuilder().addAllMessages(r.messages()).setNextCursor(r.nextCursor())
                .setPollIntervalMs(r.pollIntervalMs()).setClamped(r.clamped()).build())
                .onFailure().transform(GrpcErrors::toStatus);
    }

    private static AppendBatchReply appendReply(AppendService.Result r) {
        AppendBatchReply.Builder reply = AppendBatchReply.newBuilder().setAppended(r.appended())
                .setDuplicates(r.duplicates());
        for (AppendService.EntryResult e : r.entries()) {
            reply.addResults(AppendResult.newBuilder().setStatus(switch (e.status()) {
                case APPENDED -> AppendStatus.APPENDED;
                case DUPLICATE -> AppendStatus.DUPLICATE;
                case EXPIRED -> AppendStatus.EXPIRED;
                case REJECTED -> AppendStatus.REJECTED;
            }).setErrorCode(e.code()).setError(e.reason()));
        }
        return reply.build();
    }

    private static MessagesReply reply(Page page) {
        return MessagesReply.newBuilder().addAllMessages(page.messages()).setHasMore(page.hasMore())
                .setNextCursor(page.nextCursor()).build();
    }
}
