package dev.roomcast.gift.ledger;

import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Function;
import java.util.function.Supplier;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Runs Hibernate Reactive work on a fresh, safe duplicated Vert.x context. Callers come from REST,
 * from gRPC (server and client threads) and from timers; Hibernate Reactive needs an isolated context
 * per session, so every unit of work gets its own instead of inheriting whatever thread called.
 */
@ApplicationScoped
public class LedgerDb {

    private final Mutiny.SessionFactory sessions;
    private final Vertx vertx;

    LedgerDb(Mutiny.SessionFactory sessions, Vertx vertx) {
        this.sessions = sessions;
        this.vertx = vertx;
    }

    public <T> Uni<T> inTransaction(Function<Mutiny.Session, Uni<T>> work) {
        return onSafeContext(() -> sessions.withTransaction(work));
    }

    public <T> Uni<T> inSession(Function<Mutiny.Session, Uni<T>> work) {
        return onSafeContext(() -> sessions.withSession(work));
    }

    private <T> Uni<T> onSafeContext(Supplier<Uni<T>> work) {
        return Uni.createFrom().emitter(emitter -> {
            Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
            VertxContextSafetyToggle.setContextSafe(context, true);
            context.runOnContext(ignored -> {
                try {
                    work.get().subscribe().with(emitter::complete, emitter::fail);
                } catch (RuntimeException e) {
                    emitter.fail(e);
                }
            });
        });
    }
}
