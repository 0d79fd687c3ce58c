package dev.trellis.rule.rebate.internal;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jooq.DSLContext;
import org.jooq.QueryPart;
import org.jooq.Record;
import org.jooq.Result;
import org.jooq.ResultQuery;
import org.jooq.Results;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;

/**
 * The statements of one ledger update, sent with as few round trips as their order allows. A statement whose
 * rows nobody reads (a setting, a lock) is held back and sent in front of the next statement that is read,
 * in the same round trip; PostgreSQL still runs them one after the other, each with its own snapshot, so a
 * lock held back this way is taken before the next statement reads. On the incremental path a round trip
 * costs about as much as the statement it carries, and the update after one write would otherwise make five
 * or six of them.
 *
 * <p>The statements of the incremental path that run on every write are SQL text rendered once (see
 * {@link RenderedSelect}); they go to the driver as they are, with their values bound by JDBC. Passing them
 * through jOOQ's plain-SQL templates again on every write (parsing the text, looking up each value's data
 * type) cost about as much as PostgreSQL took to run them.
 */
final class RoundTrips {

    private final DSLContext dsl;
    /** A statement held back, with its values. */
    private record Held(String sql, Object[] values) {
    }

    private final List<Held> held = new ArrayList<>();

    RoundTrips(DSLContext dsl) {
        this.dsl = dsl;
    }

    DSLContext dsl() {
        return dsl;
    }

    /** A select whose rows nobody reads, run in front of the next fetch. */
    void hold(String sql, Object... values) {
        held.add(new Held(sql, values));
    }

    /** The rows of {@code query}, built by jOOQ, after every statement held so far ran, in one round trip with them. */
    @SuppressWarnings("unchecked")
    Result<Record> fetch(ResultQuery<? extends Record> query) {
        if (held.isEmpty()) {
            // read only: a result of a record subtype is a result of records
            return (Result<Record>) dsl.fetch(query);
        }
        List<QueryPart> parts = new ArrayList<>();
        held.forEach(h -> parts.add(DSL.sql(h.sql(), h.values())));
        parts.add(query);
        held.clear();
        String template = IntStream.range(0, parts.size()).mapToObj(i -> "{" + i + "}")
                .collect(Collectors.joining(";\n"));
        Results results = dsl.fetchMany(template, parts.toArray(QueryPart[]::new));
        if (results.size() != parts.size()) {
            throw new IllegalStateException(parts.size() + " statements sent together returned " + results.size()
                    + " results");
        }
        return results.get(parts.size() - 1);
    }

    /**
     * The rows of {@code sql} (with {@code ?} for each value), after every statement held so far ran, in one
     * round trip with them.
     */
    Result<Record> fetch(String sql, Object... values) {
        held.add(new Held(sql, values));
        String all = String.join(";\n", held.stream().map(Held::sql).toList());
        List<Object> bound = held.stream().flatMap(h -> Arrays.stream(h.values())).toList();
        int statements = held.size();
        held.clear();
        return dsl.connectionResult(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(all)) {
                for (int i = 0; i < bound.size(); i++) {
                    bind(connection, statement, i + 1, bound.get(i));
                }
                statement.execute();
                for (int i = 1; i < statements; i++) {
                    statement.getMoreResults();
                }
                try (ResultSet rows = statement.getResultSet()) {
                    return dsl.fetch(rows);
                }
            } catch (SQLException e) {
                throw new DataAccessException("SQL [" + all + "]; " + e.getMessage(), e);
            }
        });
    }

    private static void bind(Connection connection, PreparedStatement statement, int index, Object value)
            throws SQLException {
        if (value instanceof Object[] array) {
            statement.setArray(index, connection.createArrayOf(arrayType(array), array));
        } else {
            statement.setObject(index, value);
        }
    }

    private static String arrayType(Object[] array) {
        Class<?> type = array.getClass().getComponentType();
        if (type == Long.class) {
            return "int8";
        }
        if (type == Integer.class) {
            return "int4";
        }
        if (type == BigDecimal.class) {
            return "numeric";
        }
        if (type == String.class) {
            return "text";
        }
        throw new IllegalArgumentException("no SQL array type for " + type.getName());
    }
}
