package dev.roomcast.mailbox.append;

import dev.roomcast.proto.v1.MailboxEntry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * An append: validate, then group-commit (PostgreSQL first, then the rooms' hot windows); the reply
 * goes out once the rows are durable.
 */
@ApplicationScoped
public class AppendService {

    /** The reply of one append request. */
    public record Result(int appended, int duplicates, int expired) {
    }

    private final AppendValidator validator;
    private final GroupCommitter committer;
    private final Counter appended;
    private final Counter duplicates;
    private final Counter expired;

    public AppendService(AppendValidator validator, GroupCommitter committer, MeterRegistry registry) {
        this.validator = validator;
        this.committer = committer;
        this.appended = Counter.builder("mailbox.append.messages").tag("result", "appended").register(registry);
        this.duplicates = Counter.builder("mailbox.append.messages").tag("result", "duplicate").register(registry);
        this.expired = Counter.builder("mailbox.append.messages").tag("result", "expired").register(registry);
    }

    public Uni<Result> append(List<MailboxEntry> batch) {
        AppendValidator.Validated valid;
        try {
            valid = validator.validate(batch);
        } catch (RuntimeException e) {
            return Uni.createFrom().failure(e);
        }
        return committer.submit(valid.entries())
                .map(outcome -> {
                    appended.increment(outcome.appended());
                    duplicates.increment(outcome.duplicates());
                    expired.increment(valid.expired());
                    return new Result(outcome.appended(), outcome.duplicates(), valid.expired());
                });
    }
}
