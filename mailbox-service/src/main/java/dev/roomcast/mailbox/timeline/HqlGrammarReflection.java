package dev.roomcast.mailbox.timeline;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * {@link TimelineWarmup} loads the HQL grammar by name; a native image resolves only registered names.
 * The class alone is enough (no members are looked up), so methods and fields stay unregistered.
 */
@RegisterForReflection(
        classNames = {"org.hibernate.grammars.hql.HqlLexer", "org.hibernate.grammars.hql.HqlParser"},
        methods = false,
        fields = false)
final class HqlGrammarReflection {

    private HqlGrammarReflection() {
    }
}
