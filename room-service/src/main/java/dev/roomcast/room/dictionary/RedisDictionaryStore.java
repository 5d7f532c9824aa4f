package dev.roomcast.room.dictionary;

import dev.roomcast.room.membership.Keys;
import dev.roomcast.scheduler.DictionaryTrainer;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Learned dictionaries in Redis (keys in {@link Keys}, one {@code {dictionaries}} slot): bytes and activation
 * time written by one script, so an instance never sees an activation without its bytes.
 */
@ApplicationScoped
public class RedisDictionaryStore implements DictionaryStore {

    // Scripts answer RESP2 flat arrays whatever protocol the connection speaks.
    private static final String PUBLISH = "redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]); "
            + "redis.call('HSET', KEYS[2], ARGV[1], ARGV[3]); return 1";
    private static final String LIST = "return redis.call('HGETALL', KEYS[1])";
    private static final String REMOVE = "redis.call('HDEL', KEYS[1], ARGV[1]); redis.call('HDEL', KEYS[2], ARGV[1]); return 1";

    private final Redis redis;

    public RedisDictionaryStore(Redis redis) {
        this.redis = redis;
    }

    @Override
    public Uni<List<Published>> published() {
        return redis.send(Request.cmd(Command.EVAL).arg(LIST).arg(1).arg(Keys.dictionaryActivations())).map(r -> {
            List<Published> out = new ArrayList<>();
            for (int i = 0; r != null && i + 1 < r.size(); i += 2) {
                out.add(new Published(Integer.parseInt(r.get(i).toString()), Long.parseLong(r.get(i + 1).toString())));
            }
            out.sort(Comparator.comparingLong(Published::activateAtMillis).thenComparingInt(Published::id));
            return out;
        });
    }

    @Override
    public Uni<byte[]> bytes(int id) {
        return redis.send(Request.cmd(Command.HGET).arg(Keys.dictionaryBytes()).arg(id))
                .map(r -> r == null ? null : r.toBytes());
    }

    @Override
    public Uni<Integer> nextId() {
        // INCR starts at 1; learned ids start above zstd's reserved range.
        return redis.send(Request.cmd(Command.INCR).arg(Keys.dictionaryNextId()))
                .map(r -> DictionaryTrainer.FIRST_LEARNED_ID + r.toInteger() - 1);
    }

    @Override
    public Uni<Void> publish(int id, byte[] bytes, long activateAtMillis) {
        return redis.send(Request.cmd(Command.EVAL).arg(PUBLISH).arg(2).arg(Keys.dictionaryBytes())
                .arg(Keys.dictionaryActivations()).arg(id).arg(bytes).arg(activateAtMillis)).replaceWithVoid();
    }

    @Override
    public Uni<Void> remove(int id) {
        return redis.send(Request.cmd(Command.EVAL).arg(REMOVE).arg(2).arg(Keys.dictionaryBytes())
                .arg(Keys.dictionaryActivations()).arg(id)).replaceWithVoid();
    }

    @Override
    public Uni<Boolean> claimTraining(String owner, long ttlMillis) {
        return redis.send(Request.cmd(Command.SET).arg(Keys.dictionaryTrainingClaim()).arg(owner).arg("NX")
                .arg("PX").arg(ttlMillis)).map(r -> r != null && "OK".equals(r.toString()));
    }
}
