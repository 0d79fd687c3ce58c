package dev.trellis.rule.rebate.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.Result;
import org.jooq.QueryPart;
import org.jooq.ResultQuery;
import org.jooq.Results;
import org.jooq.impl.DSL;

/**
 * The statements of one ledger update, sent with as few round trips as their order allows. A statement whose
 * rows nobody reads (a setting, a lock) is held back and sent in front of the next statement that is read,
 * in the same round trip; PostgreSQL still runs them one after the other, each with its own snapshot, so a
 * lock held back this way is taken before the next statement reads. On the incremental path a round trip
 * costs about as much as the statement it carries, and the update after one write would otherwise make five
 * or six of them. With nothing held, a fetch is an ordinary one.
 */
final class RoundTrips {

    private final DSLContext dsl;
    private final List<QueryPart> held = new ArrayList<>();

    RoundTrips(DSLContext dsl) {
        this.dsl = dsl;
    }

    DSLContext dsl() {
        return dsl;
    }

    /** A select whose rows nobody reads, run in front of the next {@link #fetch}. */
    void hold(String sql, Object... binds) {
        held.add(DSL.sql(sql, binds));
    }

    Result<Record> fetch(String sql, Object... binds) {
        return fetch(DSL.resultQuery(sql, binds));
    }

    /** The rows of {@code query}, after every statement held so far ran, in one round trip with them. */
    @SuppressWarnings("unchecked")
    Result<Record> fetch(ResultQuery<? extends Record> query) {
        if (held.isEmpty()) {
            // read only: a result of a record subtype is a result of records
            return (Result<Record>) dsl.fetch(query);
        }
        held.add(query);
        String template = IntStream.range(0, held.size()).mapToObj(i -> "{" + i + "}").collect(Collectors.joining(";\n"));
        Results results = dsl.fetchMany(template, held.toArray(QueryPart[]::new));
        int statements = held.size();
        held.clear();
        if (results.size() != statements) {
            throw new IllegalStateException(statements + " statements sent together returned " + results.size()
                    + " results");
        }
        return results.get(statements - 1);
    }
}
