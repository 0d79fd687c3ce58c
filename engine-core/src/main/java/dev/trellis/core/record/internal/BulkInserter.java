package dev.trellis.core.record.internal;

import static org.jooq.impl.DSL.name;

import dev.trellis.core.Actor;
import dev.trellis.core.InvalidException;
import dev.trellis.core.Problem;
import dev.trellis.core.storage.ObjectTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.springframework.jdbc.datasource.DataSourceUtils;
import tools.jackson.databind.JsonNode;

/**
 * Bulk creation in one pass: each row is converted, checked and streamed into PostgreSQL with
 * {@code COPY … FROM STDIN} while the next is converted, so Java and the database work at the same
 * time. Once any row has a problem nothing more is written, the remaining rows are still checked so
 * every problem is reported, and the copy is abandoned; the caller's transaction makes it all or nothing.
 */
final class BulkInserter {

    static final int MAX_PROBLEMS = 1000;

    /** The ids created, and the rows when the caller asked to keep them (for listeners). */
    record Outcome(List<Long> ids, List<Object[]> rows) {
    }

    private final DSLContext dsl;
    private final DataSource dataSource;

    BulkInserter(DSLContext dsl, DataSource dataSource) {
        this.dsl = dsl;
        this.dataSource = dataSource;
    }

    /**
     * Creates the rows. With {@code drawIdsAside} the ids are drawn on a connection of their own while
     * the first rows are converted (sequences ignore transactions, so nothing changes but the time);
     * a caller inside a transaction that may have created the table itself draws them in it instead.
     */
    /** A check of one converted row (the object's record checks), adding its problems under the row's path. */
    interface RowCheck {
        void check(Object[] row, int index, List<Problem> problems);
    }

    Outcome insert(Actor actor, ObjectTable t, List<JsonNode> input, boolean keepRows, boolean drawIdsAside,
            RowCheck rowCheck) {
        int n = input.size();
        if (n == 0) {
            return new Outcome(List.of(), List.of());
        }
        FutureTask<long[]> drawing = new FutureTask<>(() -> AutoNumbers.drawIds(
                drawIdsAside ? DSL.using(dataSource, SQLDialect.POSTGRES) : dsl, t, n));
        if (drawIdsAside) {
            Thread.ofPlatform().name("trellis-bulk-ids").daemon().start(drawing);
        } else {
            drawing.run();
        }
        AutoNumbers numbers = AutoNumbers.draw(dsl, t, n);
        List<Problem> problems = new ArrayList<>();
        UniqueWithinBatch unique = new UniqueWithinBatch(t);
        Rows rows = new Rows(t, actor, numbers, keepRows ? new ArrayList<>(n) : null);
        List<Object[]> waiting = new ArrayList<>();
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try (CopyWriter copy = new CopyWriter(connection, copyStatement(t.table(), rows.columns()));
                BulkAudit.Writer audit = new BulkAudit.Writer(t)) {
            for (int i = 0; i < n && problems.size() < MAX_PROBLEMS; i++) {
                int before = problems.size();
                Object[] row = InputValues.forCreate(t, input.get(i), "/records/" + i, problems);
                unique.check(row, i, problems);
                if (rowCheck != null && problems.size() == before) { // a row that converted is checked too
                    rowCheck.check(row, i, problems);
                }
                if (!problems.isEmpty()) {
                    continue;
                }
                if (rows.ids == null && !drawing.isDone()) {
                    waiting.add(row); // converted while the ids are still on their way
                    continue;
                }
                if (rows.ids == null) {
                    rows.ids = drawing.get();
                    waiting.forEach(w -> rows.write(copy, audit, w));
                    waiting.clear();
                }
                rows.write(copy, audit, row);
            }
            if (!problems.isEmpty()) {
                throw new InvalidException(problems.size() >= MAX_PROBLEMS ? "the first " + MAX_PROBLEMS
                        + " problems of the rows; nothing was created" : problems.size()
                        + " problem(s) in the rows; nothing was created", problems);
            }
            if (rows.ids == null) {
                rows.ids = drawing.get();
                waiting.forEach(w -> rows.write(copy, audit, w));
            }
            copy.finish();
            audit.write(dsl, actor);
        } catch (SQLException e) {
            throw new org.jooq.exception.DataAccessException("bulk copy into " + t.name() + " failed: "
                    + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while drawing ids", e);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
        List<Long> ids = new ArrayList<>(n);
        for (long id : rows.ids) {
            ids.add(id);
        }
        return new Outcome(ids, rows.kept == null ? List.of() : rows.kept);
    }

    /** Writes checked rows, in order, to the copy and the audit. */
    private static final class Rows {
        private final ObjectTable table;
        private final Actor actor;
        private final AutoNumbers numbers;
        private final List<Object[]> kept;
        private final int createdBy;
        private final int updatedBy;
        private final int owner;
        private long[] ids;
        private int next;

        Rows(ObjectTable table, Actor actor, AutoNumbers numbers, List<Object[]> kept) {
            this.table = table;
            this.actor = actor;
            this.numbers = numbers;
            this.kept = kept;
            this.createdBy = table.getColumn(ObjectTable.CREATED_BY).position();
            this.updatedBy = table.getColumn(ObjectTable.UPDATED_BY).position();
            this.owner = table.getColumn(ObjectTable.OWNER_ID).position();
        }

        List<Field<?>> columns() {
            List<Field<?>> columns = new ArrayList<>(List.of(table.id, table.createdBy, table.updatedBy, table.ownerId));
            table.dataColumns().forEach(c -> columns.add(c.field()));
            return columns;
        }

        void write(CopyWriter copy, BulkAudit.Writer audit, Object[] row) {
            int i = next++;
            numbers.apply(row, i);
            InputValues.stamp(table, row, actor);
            copy.value(ids[i]);
            copy.value(row[createdBy]);
            copy.value(row[updatedBy]);
            copy.value(row[owner]);
            for (ObjectTable.Column column : table.dataColumns()) {
                copy.value(row[column.position()]);
            }
            copy.endRow();
            audit.add(ids[i], row);
            if (kept != null) {
                kept.add(row);
            }
        }
    }

    /** Catches a unique value given twice in one batch, naming both rows. */
    private static final class UniqueWithinBatch {
        private final List<ObjectTable.Column> columns;
        private final List<Map<Object, Integer>> seen = new ArrayList<>();

        UniqueWithinBatch(ObjectTable t) {
            this.columns = t.dataColumns().stream().filter(c -> c.definition().unique()).toList();
            columns.forEach(c -> seen.add(new HashMap<>()));
        }

        void check(Object[] row, int index, List<Problem> problems) {
            for (int c = 0; c < columns.size(); c++) {
                ObjectTable.Column column = columns.get(c);
                Object value = row[column.position()];
                Object key = value instanceof BigDecimal d ? d.stripTrailingZeros() : value;
                Integer first = key == null ? null : seen.get(c).putIfAbsent(key, index);
                if (first != null) {
                    problems.add(Problem.of("value-duplicate", "/records/" + index + "/" + column.name(),
                            "must be unique; /records/" + first + " has the same value"));
                }
            }
        }
    }

    /** {@code COPY "schema"."table" ("a", "b") FROM STDIN}, every identifier rendered and quoted by jOOQ. */
    private String copyStatement(Table<?> table, List<Field<?>> columns) {
        String names = columns.stream().map(f -> dsl.render(name(f.getName()))).collect(Collectors.joining(", "));
        return "COPY " + dsl.render(table) + " (" + names + ") FROM STDIN";
    }
}
