package dev.roomcast.mailbox.hot;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** A Redis Lua script run by EVALSHA, falling back to EVAL once when Redis lost it (restart, SCRIPT FLUSH). */
final class LuaScript {

    private final String source;
    private final String sha;

    LuaScript(String source) {
        this.source = source;
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8));
            this.sha = HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @param args each a String, Long or byte[] */
    Uni<Response> run(Redis redis, List<String> keys, List<Object> args) {
        return redis.send(request(Command.EVALSHA, sha, keys, args)).onFailure(LuaScript::noScript)
                .recoverWithUni(() -> redis.send(request(Command.EVAL, source, keys, args)));
    }

    private static boolean noScript(Throwable t) {
        return t.getMessage() != null && t.getMessage().startsWith("NOSCRIPT");
    }

    private static Request request(Command command, String script, List<String> keys, List<Object> args) {
        Request r = Request.cmd(command).arg(script).arg(keys.size());
        for (String key : keys) {
            r.arg(key);
        }
        for (Object a : args) {
            if (a instanceof byte[] bytes) {
                r.arg(bytes);
            } else if (a instanceof Long l) {
                r.arg(l.longValue());
            } else {
                r.arg(String.valueOf(a));
            }
        }
        return r;
    }
}
