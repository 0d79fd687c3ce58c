package dev.trellis.core.record.internal;

import static org.jooq.impl.DSL.name;

import dev.trellis.core.record.RecordAction;
import dev.trellis.core.storage.ObjectTable;
import dev.trellis.core.storage.ValueConverter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.jooq.CommonTableExpression;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.impl.DSL;
import org.postgresql.util.PGobject;
import org.springframework.jdbc.datasource.DataSourceUtils;

/**
 * The insert-with-audit statement of one object: every field plus who created and owns the record
 * (id, timestamps and version come from the table's defaults). jOOQ builds and renders it once per
 * published generation and object; each create then only binds values, nulls included, and runs it
 * over JDBC (in the current transaction, if there is one). Building and rendering the statement tree
 * on every call cost more than PostgreSQL takes to execute it.
 */
final class InsertStatement {

    /** The cache key within a generation. */
    record Key(String object) {
    }

    private final ObjectTable table;
    private final int[] positions;
    private final String sql;

    InsertStatement(DSLContext dsl, ObjectTable t) {
        this.table = t;
        List<ObjectTable.Column> columns = new ArrayList<>(List.of(t.getColumn(ObjectTable.CREATED_BY),
                t.getColumn(ObjectTable.UPDATED_BY), t.getColumn(ObjectTable.OWNER_ID)));
        columns.addAll(t.dataColumns());
        this.positions = columns.stream().mapToInt(ObjectTable.Column::position).toArray();
        List<Field<?>> fields = new ArrayList<>();
        List<Field<?>> params = new ArrayList<>();
        for (ObjectTable.Column column : columns) {
            fields.add(column.field());
            params.add(DSL.val(null, column.field().getDataType()));
        }
        CommonTableExpression<?> ins = name("ins").as(dsl.insertInto(t.table(), fields).values(params)
                .returning(t.id, t.createdAt, t.updatedAt, t.version));
        CommonTableExpression<?> audit = AuditLog.insertFor(dsl, ins, t.app(), t.name(), RecordAction.CREATE,
                DSL.val(null, AuditLog.ACTOR_ID), DSL.val(null, AuditLog.ACTOR), DSL.val(null, AuditLog.CHANGES));
        this.sql = dsl.render(dsl.with(ins).with(audit).selectFrom(ins));
    }

    /** Inserts the row and its audit row; returns the record as stored. */
    Map<String, Object> execute(DataSource dataSource, Object[] row, long actorId, String actor, String changesJson) {
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            int at = 1;
            for (int position : positions) {
                bind(connection, statement, at++, row[position]);
            }
            statement.setLong(at++, actorId);
            statement.setString(at++, actor);
            statement.setObject(at, json("json", changesJson));
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                Map<String, Object> stored = new LinkedHashMap<>();
                for (ObjectTable.Column column : table.columns()) {
                    stored.put(column.name(), switch (column.name()) {
                        case ObjectTable.ID -> result.getLong(1);
                        case ObjectTable.CREATED_AT -> result.getObject(2, OffsetDateTime.class);
                        case ObjectTable.UPDATED_AT -> result.getObject(3, OffsetDateTime.class);
                        case ObjectTable.VERSION -> result.getInt(4);
                        default -> ValueConverter.asStored(column.definition(), row[column.position()]);
                    });
                }
                return stored;
            }
        } catch (SQLException e) {
            throw new org.jooq.exception.DataAccessException("insert into " + table.name() + " failed: "
                    + e.getMessage(), e);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    private static void bind(Connection connection, PreparedStatement statement, int index, Object value)
            throws SQLException {
        switch (value) {
            case null -> statement.setNull(index, Types.NULL);
            case String s -> statement.setString(index, s);
            case Long l -> statement.setLong(index, l);
            case String[] array -> statement.setArray(index, connection.createArrayOf("varchar", array));
            case JSONB jsonb -> statement.setObject(index, json("jsonb", jsonb.data()));
            default -> statement.setObject(index, value);
        }
    }

    private static PGobject json(String type, String value) throws SQLException {
        PGobject object = new PGobject();
        object.setType(type);
        object.setValue(value);
        return object;
    }
}
