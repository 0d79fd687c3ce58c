package dev.trellis.core.record.internal;

import static org.jooq.impl.DSL.name;

import dev.trellis.core.Actor;
import dev.trellis.core.record.FieldChange;
import dev.trellis.core.record.RecordAction;
import dev.trellis.core.storage.ObjectTable;
import dev.trellis.core.storage.ValueConverter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Sequence;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.springframework.jdbc.datasource.DataSourceUtils;

/**
 * Bulk creation through PostgreSQL COPY: ids are drawn from the table's identity sequence first, then
 * the records and their audit rows are each streamed in one COPY, all in the caller's transaction.
 */
final class BulkInserter {

    private final DSLContext dsl;
    private final DataSource dataSource;

    BulkInserter(DSLContext dsl, DataSource dataSource) {
        this.dsl = dsl;
        this.dataSource = dataSource;
    }

    List<Long> insert(Actor actor, ObjectTable t, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        List<Long> ids = allocateIds(t, rows.size());
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            copyRows(actor, t, rows, ids, connection);
            copyAudit(actor, t, rows, ids, connection);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
        return ids;
    }

    private void copyRows(Actor actor, ObjectTable t, List<Object[]> rows, List<Long> ids,
            Connection connection) {
        List<Field<?>> columns = new ArrayList<>(List.of(t.id, t.createdBy, t.updatedBy, t.ownerId));
        t.dataColumns().forEach(c -> columns.add(c.field()));
        int createdBy = t.getColumn(ObjectTable.CREATED_BY).position();
        int updatedBy = t.getColumn(ObjectTable.UPDATED_BY).position();
        int owner = t.getColumn(ObjectTable.OWNER_ID).position();
        copy(connection, t.table(), columns, rows.size(), (copy, i) -> {
            Object[] row = rows.get(i);
            copy.value(ids.get(i));
            copy.value(row[createdBy]);
            copy.value(row[updatedBy]);
            copy.value(row[owner]);
            for (ObjectTable.Column column : t.dataColumns()) {
                copy.value(row[column.position()]);
            }
        });
    }

    private void copyAudit(Actor actor, ObjectTable t, List<Object[]> rows, List<Long> ids,
            Connection connection) {
        List<Field<?>> columns = List.of(AuditLog.APP, AuditLog.OBJECT, AuditLog.RECORD_ID, AuditLog.ACTION,
                AuditLog.ACTOR_ID, AuditLog.ACTOR, AuditLog.CHANGES);
        copy(connection, AuditLog.TABLE, columns, rows.size(), (copy, i) -> {
            copy.value(t.app());
            copy.value(t.name());
            copy.value(ids.get(i));
            copy.value(RecordAction.CREATE.jsonName());
            copy.value(actor.userId());
            copy.value(actor.username());
            copy.value(AuditLog.changesJson(AuditLog.created(t, rows.get(i))));
        });
    }

    private interface RowWriter {
        void write(CopyWriter copy, int row);
    }

    private void copy(Connection connection, org.jooq.Table<?> table, List<Field<?>> columns, int rows,
            RowWriter writer) {
        try (CopyWriter copy = new CopyWriter(connection, copyStatement(table, columns))) {
            for (int i = 0; i < rows; i++) {
                writer.write(copy, i);
                copy.endRow();
            }
            copy.finish();
        } catch (SQLException e) {
            throw new org.jooq.exception.DataAccessException("bulk copy into " + table.getName() + " failed: "
                    + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<Long> allocateIds(ObjectTable t, int count) {
        String sequenceName = dsl.select(DSL.function("pg_get_serial_sequence", String.class,
                DSL.val(dsl.render(t.table())), DSL.val(ObjectTable.ID))).fetchSingle().value1();
        Sequence<Long> sequence = DSL.sequence(dsl.parser().parseName(sequenceName), SQLDataType.BIGINT);
        return dsl.select(sequence.nextval()).from(DSL.generateSeries(1, count)).fetch().getValues(0, Long.class);
    }

    /** {@code COPY "schema"."table" ("a", "b") FROM STDIN}, every identifier rendered and quoted by jOOQ. */
    private String copyStatement(org.jooq.Table<?> table, List<Field<?>> columns) {
        String names = columns.stream().map(f -> dsl.render(name(f.getName()))).collect(Collectors.joining(", "));
        return "COPY " + dsl.render(table) + " (" + names + ") FROM STDIN";
    }
}
