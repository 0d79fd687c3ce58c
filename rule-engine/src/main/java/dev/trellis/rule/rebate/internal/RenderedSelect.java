package dev.trellis.rule.rebate.internal;

import java.util.List;
import java.util.Objects;
import org.jooq.DSLContext;
import org.jooq.Query;
import org.jooq.Record;
import org.jooq.Result;

/**
 * A select rendered to SQL once and then run with new values in its variable places. Rendering a query of a
 * dozen derived tables through jOOQ costs about as much as PostgreSQL takes to run it for one partner, and an
 * incremental update runs the same few queries on every write. The template is built with marker values
 * where the variables go; each marker must be one of its bind values, found by equality.
 */
final class RenderedSelect {

    private final String sql;
    private final Object[] binds;
    private final int[] variables;

    RenderedSelect(DSLContext dsl, Query template, List<Object> markers) {
        this.sql = dsl.render(template);
        this.binds = template.getBindValues().toArray();
        this.variables = new int[binds.length];
        boolean[] found = new boolean[markers.size()];
        for (int i = 0; i < binds.length; i++) {
            variables[i] = -1;
            for (int m = 0; m < markers.size(); m++) {
                if (matches(binds[i], markers.get(m))) {
                    variables[i] = m;
                    found[m] = true;
                }
            }
        }
        for (int m = 0; m < found.length; m++) {
            if (!found[m]) {
                throw new IllegalStateException("marker " + m + " is not a bind value of " + sql);
            }
        }
    }

    /** jOOQ reports an array bound to {@code = any(?)} by its element: a one-element marker array matches that. */
    private static boolean matches(Object bind, Object marker) {
        return Objects.deepEquals(bind, marker)
                || marker instanceof Object[] array && array.length == 1 && Objects.equals(bind, array[0]);
    }

    /** Runs the select with {@code values} in the places of the markers, in the markers' order. */
    Result<Record> fetch(RoundTrips trips, Object... values) {
        Object[] bound = binds.clone();
        for (int i = 0; i < bound.length; i++) {
            if (variables[i] >= 0) {
                bound[i] = values[variables[i]];
            }
        }
        return trips.fetch(sql, bound);
    }
}
