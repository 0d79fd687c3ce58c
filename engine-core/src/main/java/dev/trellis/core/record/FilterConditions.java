package dev.trellis.core.record;

import dev.trellis.core.Problem;
import dev.trellis.core.record.internal.FilterCompiler;
import dev.trellis.core.storage.ObjectTable;
import java.util.List;
import org.jooq.Condition;

/**
 * Record filters as SQL conditions, for engines that build their own statements over an object's table
 * (the rebate engine's scopes): the same compiler the record service uses, so a filter means one thing.
 */
public final class FilterConditions {

    private FilterConditions() {
    }

    /** The condition of a filter on the table; every problem (unknown field, wrong value) is added to the list. */
    public static Condition compile(ObjectTable table, Filter filter, List<Problem> problems) {
        return FilterCompiler.compile(table, filter, null, problems);
    }
}
