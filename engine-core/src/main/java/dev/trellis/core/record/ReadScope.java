package dev.trellis.core.record;

import dev.trellis.core.Actor;
import dev.trellis.core.metadata.PublishedApp;
import dev.trellis.core.record.internal.ReadScopes;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * Which records of an object an actor may read, as a SQL condition on the object's table (unqualified
 * column names), with the actor's object and field permissions: for engines that build their own
 * statements over object tables (reports), so a viewer's aggregates never include a record the record
 * service would not show them. The same rules the record service applies to every read.
 *
 * @param read {@link DSL#noCondition()} when every record is readable; {@link DSL#falseCondition()} when none is
 */
public record ReadScope(Permissions permissions, Condition read) {

    /** The read scope of an actor on an object of a published app; {@code dsl} looks up shares and subordinates. */
    public static ReadScope of(Actor actor, PublishedApp app, String object, DSLContext dsl) {
        return ReadScopes.of(actor, app, object, dsl);
    }

    /** Whether the actor reads every record (no record-level predicate). */
    public boolean unrestricted() {
        return read == DSL.noCondition();
    }
}
