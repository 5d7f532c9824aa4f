package dev.roomcast.mailbox.api.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roomcast.mailbox.config.MailboxConfig;
import dev.roomcast.mailbox.poll.PollResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * One JSON answer for every poller of a room that asks with the same cursor and limit within
 * {@code poll.share-millis}. Serializing every message for every poller is what polling costs (5,000 viewers
 * x 20 msgs/s is 100,000 messages a second as JSON); pollers answered together get the same next cursor and
 * come back together, so most polls of a big room find their answer here. Sharing is exact: an answer up to
 * share-millis old is what the poll would have got that much earlier, its next cursor included, so nothing
 * is skipped. Concurrent identical polls wait for one computation. Bounded: past {@code share-max-entries}
 * live answers a poll is answered on its own (counted), never queued.
 */
@ApplicationScoped
public class SharedPollAnswers {

    /** The answer's encoding: JSON (browsers, the default) or protobuf {@code PollReply} (the Java SDK). */
    public enum Form { JSON, PROTOBUF }

    private record Key(String roomId, long cursor, int limit, boolean catchUp, Form form) {
    }

    private record Answer(long expiresAtNanos, CompletableFuture<byte[]> json) {
    }

    private final ObjectMapper json;
    private final long shareNanos;
    private final int maxEntries;
    private final ConcurrentHashMap<Key, Answer> answers = new ConcurrentHashMap<>();
    private final Counter hits;
    private final Counter misses;
    private final Counter unshared;

    public SharedPollAnswers(ObjectMapper json, MailboxConfig config, MeterRegistry registry) {
        this.json = json;
        this.shareNanos = config.poll().shareMillis() * 1_000_000L;
        this.maxEntries = config.poll().shareMaxEntries();
        this.hits = Counter.builder("mailbox.poll.shared").tag("result", "hit").register(registry);
        this.misses = Counter.builder("mailbox.poll.shared").tag("result", "miss").register(registry);
        this.unshared = Counter.builder("mailbox.poll.shared").tag("result", "unshared").register(registry);
    }

    /** The JSON answer of this poll: shared when a fresh one exists, else computed (and shared if there is room). */
    public Uni<byte[]> answer(String roomId, long cursor, int limit, boolean catchUp, Form form,
                              Supplier<Uni<PollResult>> poll) {
        if (shareNanos <= 0) {
            return poll.get().map(r -> serialize(r, form));
        }
        long now = System.nanoTime();
        Key key = new Key(roomId, cursor, limit, catchUp, form);
        Answer fresh = answers.get(key);
        if (fresh != null && fresh.expiresAtNanos() - now > 0) {
            hits.increment();
            return Uni.createFrom().completionStage(fresh.json());
        }
        if (answers.size() >= maxEntries) {
            answers.values().removeIf(a -> a.expiresAtNanos() - now <= 0);
            if (answers.size() >= maxEntries) {
                unshared.increment();
                return poll.get().map(r -> serialize(r, form));
            }
        }
        Answer mine = new Answer(now + shareNanos, new CompletableFuture<>());
        Answer winner = answers.compute(key, (k, old) -> old != null && old.expiresAtNanos() - now > 0 ? old : mine);
        if (winner != mine) {
            hits.increment();
            return Uni.createFrom().completionStage(winner.json());
        }
        misses.increment();
        poll.get().map(r -> serialize(r, form)).subscribe().with(mine.json()::complete, failure -> {
            answers.remove(key, mine);   // a failure is not shared: the next poll tries again
            mine.json().completeExceptionally(failure);
        });
        return Uni.createFrom().completionStage(mine.json());
    }

    private byte[] serialize(PollResult result, Form form) {
        if (form == Form.PROTOBUF) {
            return dev.roomcast.proto.v1.PollReply.newBuilder().addAllMessages(result.messages())
                    .setNextCursor(result.nextCursor()).setPollIntervalMs(result.pollIntervalMs())
                    .setClamped(result.clamped()).build().toByteArray();
        }
        try {
            return json.writeValueAsBytes(Views.PollView.of(result));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
