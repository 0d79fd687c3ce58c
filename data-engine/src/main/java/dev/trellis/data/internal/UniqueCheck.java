package dev.trellis.data.internal;

import dev.trellis.core.metadata.FieldDefinition;
import dev.trellis.core.metadata.MetadataService;
import dev.trellis.core.storage.ObjectTable;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;
import tools.jackson.databind.JsonNode;

/**
 * Finds the rows whose unique text values (codes, tax ids) the object already holds, in the import's
 * transaction, so earlier batches count too. It runs only after the database refused a batch for a duplicate
 * value (for the whole batch, naming no row): this names the rows, and the rest of the batch is tried again. Which records hold the value is not said, only that one does, as the database would.
 */
final class UniqueCheck {

    private final MetadataService metadata;
    private final DSLContext dsl;

    UniqueCheck(MetadataService metadata, DSLContext dsl) {
        this.metadata = metadata;
        this.dsl = dsl;
    }

    void check(List<PendingRow> batch, List<ImportColumns.Bound> columns, String upsertKey, String app, String object) {
        ObjectTable table = null;
        for (ImportColumns.Bound column : columns) {
            FieldDefinition field = column.field();
            if (!field.unique() || !field.type().isTextual() || field.name().equals(upsertKey)) {
                continue;
            }
            Set<String> values = new LinkedHashSet<>();
            for (PendingRow row : batch) {
                JsonNode v = row.values.get(field.name());
                if (row.clean() && v != null && v.isString()) {
                    values.add(v.stringValue());
                }
            }
            if (values.isEmpty()) {
                continue;
            }
            if (table == null) {
                table = new ObjectTable(app, metadata.published(app).getObject(object));
            }
            @SuppressWarnings("unchecked")
            Field<String> f = (Field<String>) (Field<?>) table.getColumn(field.name()).field();
            Set<String> existing = new HashSet<>(dsl.select(f).from(table.table())
                    .where(f.eq(DSL.any(values.toArray(String[]::new)))).fetch(f));
            if (existing.isEmpty()) {
                continue;
            }
            for (PendingRow row : batch) {
                JsonNode v = row.values.get(field.name());
                if (row.clean() && v != null && v.isString() && existing.contains(v.stringValue())) {
                    row.problem(column.header(), field.name(), "value-duplicate", "must be unique; a record with "
                            + field.name() + " '" + v.stringValue() + "' exists already");
                }
            }
        }
    }
}
