package dev.roomcast.mailbox.append;

import dev.roomcast.proto.v1.MailboxEntry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * An append: validate each entry (a bad one is refused alone), then group-commit (PostgreSQL first, then the rooms' hot windows); the reply
 * goes out once the rows are durable.
 */
@ApplicationScoped
public class AppendService {

    /** What became of one request entry. */
    public enum Status { APPENDED, DUPLICATE, EXPIRED, REJECTED }

    /** One request entry's result; {@code code}/{@code reason} only for REJECTED. */
    public record EntryResult(Status status, String code, String reason) {
    }

    /** The reply of one append request: counts, and one result per request entry in request order. */
    public record Result(int appended, int duplicates, int expired, int rejected, List<EntryResult> entries) {
    }

    private final AppendValidator validator;
    private final GroupCommitter committer;
    private final Counter appended;
    private final Counter duplicates;
    private final Counter expired;
    private final Counter rejected;

    public AppendService(AppendValidator validator, GroupCommitter committer, MeterRegistry registry) {
        this.validator = validator;
        this.committer = committer;
        this.appended = Counter.builder("mailbox.append.messages").tag("result", "appended").register(registry);
        this.duplicates = Counter.builder("mailbox.append.messages").tag("result", "duplicate").register(registry);
        this.expired = Counter.builder("mailbox.append.messages").tag("result", "expired").register(registry);
        this.rejected = Counter.builder("mailbox.append.messages").tag("result", "rejected").register(registry);
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
                    rejected.increment(valid.rejected());
                    List<EntryResult> results = new ArrayList<>(valid.verdicts().size());
                    int stored = 0;   // index into the stored entries, which keep request order
                    for (AppendValidator.Verdict v : valid.verdicts()) {
                        if (v.refusal() != null) {
                            results.add(new EntryResult(Status.REJECTED, v.refusal().code(), v.refusal().getMessage()));
                        } else if (v.expired()) {
                            results.add(new EntryResult(Status.EXPIRED, "", ""));
                        } else {
                            results.add(new EntryResult(outcome.inserted()[stored++] ? Status.APPENDED : Status.DUPLICATE,
                                    "", ""));
                        }
                    }
                    return new Result(outcome.appended(), outcome.duplicates(), valid.expired(), valid.rejected(),
                            results);
                });
    }
}
