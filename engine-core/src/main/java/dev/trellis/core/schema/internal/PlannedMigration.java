package dev.trellis.core.schema.internal;

import dev.trellis.core.schema.MigrationPlan;
import java.util.List;
import org.jooq.Query;

/** A migration plan together with the jOOQ queries of each step, in order. */
public record PlannedMigration(MigrationPlan plan, List<List<Query>> queries) {

    /** Runs every step's queries; the caller owns the transaction. */
    public void apply() {
        queries.forEach(step -> step.forEach(Query::execute));
    }
}
