package dev.roomcast.client;

import dev.roomcast.client.delivery.MessageDeduplicator;
import dev.roomcast.client.policy.Backoff;
import dev.roomcast.proto.v1.JoinOk;
import dev.roomcast.proto.v1.Message;
import dev.roomcast.proto.v1.MessagesReply;
import dev.roomcast.proto.v1.PollReply;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One joined room: de-duplication, history on entering, recovery after a reconnect, and polling
 * (when the server asks for it or while the connection is down). Runs on the client's I/O thread.
 *
 * <p>While history or recovery is being read, live messages wait in {@code pending} so that the
 * application sees persisted history first and then live delivery, never interleaved.
 */
final class RoomChannel {

    private static final int MAX_PENDING = 2000;
    /** Tries of a mailbox range read before the gap is reported (about 0.5 + 1 + 2 + 4 s of waiting). */
    static final int RECOVERY_ATTEMPTS = 5;
    private static final long RECOVERY_RETRY_MILLIS = 500;
    /**
     * The mailbox's largest poll limit: a poll takes everything that waits (20 msgs/s x a 2.5 s interval is 50
     * already), so a full answer, which costs a range read from PostgreSQL to fill in, stays the exception.
     */
    private static final int POLL_LIMIT = 200;

    final String roomId;
    final GiftChannel gifts;          // null unless joined as anchor
    private final Session session;
    private final MessageDeduplicator dedup;
    private final List<Message> pending = new ArrayList<>();
    CompletableFuture<Long> joined = new CompletableFuture<>();
    private boolean entered;           // recent history already read once
    private boolean recovering;
    private boolean pollInFlight;
    /** After a switch back to push: the settle polls' cursor (-1: not settling) and the lowest msgId pushed since. */
    private long settleCursor = -1;
    private long lowestPushedSinceSwitch = Long.MAX_VALUE;
    private int settleAttempt;
    private int settleEmptyAnswers;
    private static final int SETTLE_ATTEMPTS = 20;
    private static final long SETTLE_RETRY_MILLIS = 500;
    private int recoveryGeneration;    // a newer recovery (quick second reconnect) supersedes an older
    /** The generation of a gap fill: never the newest recovery, so it holds no live messages back. */
    private static final int GAP_FILL = -1;
    private boolean pollRequested;     // SwitchToPolling from the server
    private long pollTimer = -1;
    private long pollCursor;
    /** The cursor before the last poll answer: the switch-back read starts here (one interval of overlap). */
    private long previousPollCursor;
    private int pollIntervalMillis = 2000;
    private String historyUrl;
    private final Backoff joinBackoff;
    private long joinReqId = -1;       // a Join on the current connection not yet answered
    private boolean joinedOnServer;    // a JoinOk on the current connection
    private long joinRetryTimer = -1;

    RoomChannel(String roomId, Session session, GiftChannel gifts) {
        this.roomId = roomId;
        this.session = session;
        this.gifts = gifts;
        this.dedup = new MessageDeduplicator(session.config.dedupWindow);
        this.historyUrl = session.config.mailboxUrl;
        this.joinBackoff = new Backoff(session.config.backoffBaseMillis, session.config.backoffMaxMillis, 2.0,
                ThreadLocalRandom.current());
    }

    void joinSent(long reqId) {
        cancelJoinRetry();
        joinReqId = reqId;
    }

    void joinAnswered() {
        joinReqId = -1;
    }

    boolean joinInFlight() {
        return joinReqId >= 0;
    }

    boolean joinedOnServer() {
        return joinedOnServer;
    }

    /**
     * The join was refused with a retryable code: send it again after a jittered, growing delay
     * (equal jitter, as for reconnects), so that thousands of viewers refused together do not come
     * back together. The server's {@code retry_after_ms} hint, when given, is a floor (plus up to half
     * of it again as jitter). Stops when the application leaves; a reconnect re-joins at once anyway.
     */
    void retryJoinLater(int retryAfterMillis) {
        cancelJoinRetry();
        session.stats.joinRetries++;
        long delay = joinBackoff.nextDelayMillis();
        if (retryAfterMillis > 0) {
            delay = Math.max(delay, retryAfterMillis + java.util.concurrent.ThreadLocalRandom.current()
                    .nextLong(Math.max(1, retryAfterMillis / 2)));
        }
        joinRetryTimer = session.vertx().setTimer(Math.max(1, delay), id -> {
            joinRetryTimer = -1;
            if (session.isCurrent(this) && session.state() == ConnectionState.CONNECTED && !joinInFlight()) {
                session.sendJoin(this);
            }
        });
    }

    private void cancelJoinRetry() {
        if (joinRetryTimer >= 0) {
            session.vertx().cancelTimer(joinRetryTimer);
            joinRetryTimer = -1;
        }
    }

    long lastMsgId() {
        return dedup.highestMsgId();
    }

    void onJoinOk(JoinOk ok) {
        joinedOnServer = true;
        joinBackoff.reset();
        if (ok.getPollIntervalMs() > 0) {
            pollIntervalMillis = ok.getPollIntervalMs();
        }
        if (!ok.getHistoryUrl().isEmpty()) {
            historyUrl = ok.getHistoryUrl();
        }
        pollRequested = false;
        stopPolling();
        joined.complete(ok.getOnlineCount());
        session.listener.onJoined(roomId, ok.getOnlineCount());
        if (!session.config.decodeBlocks) {
            return;
        }
        if (!entered) {
            entered = true;
            if (session.config.recentHistoryLimit > 0) {
                recover(() -> session.mailbox.recent(historyUrl, roomId, session.config.recentHistoryLimit, session.config.token)
                        .map(MessagesReply::getMessagesList), null);
            }
        } else {
            long from = dedup.highestMsgId();
            recover(() -> readAfter(from, session.config.recoveryMaxPages, new ArrayList<>()), null);
        }
        if (gifts != null) {
            gifts.onJoined();
        }
    }

    /** Live messages from a block. */
    void onLive(List<Message> messages) {
        if (settleCursor >= 0) {
            for (Message m : messages) {
                if (m.getMsgId() > 0 && m.getMsgId() < lowestPushedSinceSwitch) {
                    lowestPushedSinceSwitch = m.getMsgId();
                }
            }
        }
        if (recovering) {
            pending.addAll(messages);
            if (pending.size() > MAX_PENDING) {
                // Persisted ones among the dropped are read again by the range recovery.
                pending.subList(0, pending.size() - MAX_PENDING).clear();
            }
            return;
        }
        deliver(messages, MessageSource.PUSHED);
    }

    /**
     * The server moved this room to polling: no more of its blocks come. Polling starts at once from the
     * server's cursor (below anything not pushed to us): the mailbox answers from its hot window, below any
     * msgId still on its way, and what we already hold is dropped by msgId. A backlog above the poll limit
     * comes oldest first (catchUp) and is polled on at once; only an answer older than the hot window is
     * filled in from the timeline, beside the polls. Nothing waits for the timeline (PostgreSQL).
     */
    void switchToPolling(int intervalMillis, long cursor) {
        boolean repeated = pollRequested && polling();
        pollRequested = true;
        if (intervalMillis > 0) {
            pollIntervalMillis = intervalMillis;
        }
        if (repeated) {
            return;   // a repeated frame keeps the cursor polling has reached
        }
        session.stats.switchesToPoll++;
        stopPolling();
        // Set, not raised: a cursor left from an earlier polling spell is older than what was pushed since.
        pollCursor = cursor > 0 ? cursor : dedup.highestMsgId();
        startPolling();
    }

    /**
     * The room is pushed again: blocks flow from the frame on. Polling stops; {@code settleMillis} later the
     * messages persisted between the last poll and the first pushed block are fetched by settle polls from the
     * last poll's cursor (catch-up, from the hot window: they answer below any msgId still on its way, which a
     * timeline read would not see yet), until the cursor reaches the lowest msgId pushed since. Pushed messages
     * are not held back meanwhile. A quiet room (nothing pushed) stops after two empty answers; a mailbox that
     * does not answer in {@link #SETTLE_ATTEMPTS} tries leaves it to one timeline read.
     */
    void switchToPush(int settleMillis) {
        if (!pollRequested && !polling()) {
            return;
        }
        pollRequested = false;
        // One poll interval back: an append committed after a later msgId was polled is read too.
        long from = previousPollCursor > 0 ? previousPollCursor : pollCursor > 0 ? pollCursor : dedup.highestMsgId();
        stopPolling();
        session.stats.switchesToPush++;
        if (!session.config.decodeBlocks) {
            return;
        }
        settleCursor = from;
        lowestPushedSinceSwitch = Long.MAX_VALUE;
        settleAttempt = 0;
        settleEmptyAnswers = 0;
        session.vertx().setTimer(Math.max(1, settleMillis), id -> settlePoll());
    }

    private void settlePoll() {
        if (settleCursor < 0 || !session.isCurrent(this) || pollRequested) {
            settleCursor = -1;
            return;
        }
        if (++settleAttempt > SETTLE_ATTEMPTS) {
            long from = settleCursor;
            settleCursor = -1;
            fillIn(from);
            return;
        }
        session.stats.polls++;
        long sent = settleCursor;
        session.mailbox.poll(historyUrl, roomId, sent, POLL_LIMIT, session.config.token).onComplete(ar -> {
            if (settleCursor < 0 || pollRequested) {
                return;
            }
            if (ar.failed()) {
                session.stats.pollFailures++;
                session.vertx().setTimer(SETTLE_RETRY_MILLIS, id -> settlePoll());
                return;
            }
            PollReply reply = ar.result();
            deliver(reply.getMessagesList(), MessageSource.READ);
            if (reply.getClamped() && sent > 0) {
                settleCursor = -1;
                fillIn(sent);                       // older than the hot window: the timeline has it
                return;
            }
            settleCursor = Math.max(settleCursor, reply.getNextCursor());
            settleEmptyAnswers = reply.getMessagesCount() == 0 ? settleEmptyAnswers + 1 : 0;
            if (lowestPushedSinceSwitch != Long.MAX_VALUE && settleCursor >= lowestPushedSinceSwitch - 1) {
                settleCursor = -1;                  // caught up with the push: nothing between is missing
            } else if (lowestPushedSinceSwitch == Long.MAX_VALUE && settleEmptyAnswers >= 2) {
                settleCursor = -1;                  // a quiet room: nothing pushed, nothing more to read
            } else if (reply.getMessagesCount() >= POLL_LIMIT) {
                settlePoll();
            } else {
                session.vertx().setTimer(SETTLE_RETRY_MILLIS, id -> settlePoll());
            }
        });
    }

    void onDisconnected() {
        joinedOnServer = false;
        joinReqId = -1;
        if (session.config.pollWhileDisconnected && entered) {
            startPolling();
        }
        if (gifts != null) {
            gifts.onDisconnected();
        }
    }

    void close() {
        cancelJoinRetry();
        stopPolling();
        if (gifts != null) {
            gifts.close();
        }
        joined.cancel(false);             // left before the server confirmed the join
    }

    /**
     * Reads what the room's timeline holds that this viewer lacks, then lets the live messages held
     * meanwhile through. A failed read is tried again after a growing, jittered delay, up to
     * {@link #RECOVERY_ATTEMPTS} times: a busy mailbox (every viewer of a big room switching at once)
     * answers later, while a read given up leaves a gap nothing else fills. {@code then} runs once the
     * read succeeded or was given up.
     */
    private void recover(Supplier<Future<List<Message>>> read, Runnable then) {
        recover(read, then, 1, ++recoveryGeneration);
    }

    /**
     * A gap fill: reads the timeline after {@code cursor} like a recovery (paged, retried) but without holding live
     * messages back: what it brings is older than they are, and a slow timeline must not delay the room.
     */
    private void fillIn(long cursor) {
        recover(() -> readAfter(cursor, session.config.recoveryMaxPages, new ArrayList<>()), null, 1, GAP_FILL);
    }

    private static long retryDelay(int attempt) {
        return (RECOVERY_RETRY_MILLIS << (attempt - 1))
                + java.util.concurrent.ThreadLocalRandom.current().nextLong(RECOVERY_RETRY_MILLIS);
    }

    private void recover(Supplier<Future<List<Message>>> read, Runnable then, int attempt, int generation) {
        if (generation == recoveryGeneration) {
            recovering = true;    // live messages wait behind the newest read only
        }
        read.get().onComplete(ar -> {
            // A failed read is retried even when a newer one started meanwhile: the newer one begins at a
            // later cursor and would not cover this one's range.
            if (ar.failed() && attempt < RECOVERY_ATTEMPTS && session.isCurrent(this)) {
                session.stats.recoveryRetries++;
                session.vertx().setTimer(retryDelay(attempt), id -> {
                    if (session.isCurrent(this)) {
                        recover(read, then, attempt + 1, generation);
                    } else if (generation == recoveryGeneration) {
                        recovering = false;
                    }
                });
                return;
            }
            if (ar.succeeded()) {
                deliver(ar.result(), MessageSource.READ);
            } else {
                session.listener.onError(0, "history of room " + roomId + " unavailable: " + ar.cause().getMessage());
            }
            if (generation == recoveryGeneration) {
                // The newest read is in: the live messages held meanwhile go through, after it.
                recovering = false;
                List<Message> live = new ArrayList<>(pending);
                pending.clear();
                deliver(live, MessageSource.PUSHED);
            }
            if (then != null) {
                then.run();
            }
        });
    }

    private Future<List<Message>> readAfter(long cursor, int pagesLeft, List<Message> acc) {
        return session.mailbox.after(historyUrl, "room:" + roomId, cursor, session.config.recoveryPageSize, session.config.token)
                .compose(page -> {
                    acc.addAll(page.getMessagesList());
                    long next = page.getNextCursor() > cursor ? page.getNextCursor() : maxId(page.getMessagesList(), cursor);
                    if (page.getHasMore() && pagesLeft > 1 && next > cursor) {
                        return readAfter(next, pagesLeft - 1, acc);
                    }
                    return Future.succeededFuture(acc);
                });
    }

    private void startPolling() {
        if (pollTimer >= 0) {
            return;
        }
        if (pollCursor == 0) {
            pollCursor = dedup.highestMsgId();
        }
        pollTimer = session.vertx().setPeriodic(1, pollIntervalMillis, id -> pollOnce());
    }

    private void stopPolling() {
        if (pollTimer >= 0) {
            session.vertx().cancelTimer(pollTimer);
            pollTimer = -1;
        }
    }

    /**
     * One poll from the current cursor; none while the previous one is unanswered, so a slow mailbox gets
     * fewer polls, not a pile of overlapping ones answered out of order.
     */
    private void pollOnce() {
        if (pollInFlight) {
            return;
        }
        pollInFlight = true;
        session.stats.polls++;
        long sent = pollCursor;
        session.mailbox.poll(historyUrl, roomId, sent, POLL_LIMIT, session.config.token).onComplete(ar -> {
            pollInFlight = false;
            if (ar.succeeded()) {
                onPoll(ar.result(), sent);
            } else {
                session.stats.pollFailures++;
            }
        });
    }

    /** {@code before}: the cursor the poll was sent with (the range reads below start there). */
    private void onPoll(PollReply reply, long before) {
        if (pollTimer < 0) {
            return;                       // back on push meanwhile; the reconnect recovery covers it
        }
        previousPollCursor = before;
        pollCursor = Math.max(pollCursor, reply.getNextCursor());
        deliver(reply.getMessagesList(), MessageSource.POLLED);
        if (reply.getClamped()) {
            if (session.config.decodeBlocks && before > 0) {
                // The answer starts past the cursor (older than the mailbox's hot window): the range read fills
                // in the rest, beside the next polls.
                fillIn(before);
            }
        } else if (reply.getMessagesCount() >= POLL_LIMIT) {
            // The oldest part of a backlog (catchUp): poll on at once for the rest.
            session.vertx().runOnContext(v -> {
                if (polling()) {
                    pollOnce();
                }
            });
        }
        if (reply.getPollIntervalMs() > 0 && reply.getPollIntervalMs() != pollIntervalMillis) {
            pollIntervalMillis = reply.getPollIntervalMs();
            stopPolling();
            startPolling();
        }
    }

    boolean polling() {
        return pollTimer >= 0;
    }

    boolean pollRequested() {
        return pollRequested;
    }

    private void deliver(List<Message> messages, MessageSource source) {
        List<Message> fresh = new ArrayList<>(messages.size());
        for (Message m : messages) {
            if (dedup.firstSeen(m.getMsgId())) {
                fresh.add(m);
            } else {
                session.stats.duplicates++;
            }
        }
        if (!fresh.isEmpty()) {
            session.stats.messagesDelivered += fresh.size();
            if (source == MessageSource.READ) {
                session.stats.recovered += fresh.size();
            }
            session.listener.onMessages(roomId, fresh, source);
        }
    }

    private static long maxId(List<Message> messages, long floor) {
        long max = floor;
        for (Message m : messages) {
            max = Math.max(max, m.getMsgId());
        }
        return max;
    }
}
