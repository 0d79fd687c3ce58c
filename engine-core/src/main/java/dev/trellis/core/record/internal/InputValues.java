package dev.trellis.core.record.internal;

import dev.trellis.core.Actor;
import dev.trellis.core.InvalidException;
import dev.trellis.core.Problem;
import dev.trellis.core.metadata.FieldDefinition;
import dev.trellis.core.metadata.FieldType;
import dev.trellis.core.metadata.RollupDefinition;
import dev.trellis.core.storage.ObjectTable;
import dev.trellis.core.storage.ValueConverter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Turns a JSON object of field values into column values, collecting every problem: unknown fields,
 * read-only system fields, wrong types, and (for creates) missing required values after defaults.
 */
final class InputValues {

    private static final JsonNode ZERO = dev.trellis.core.json.Json.parse("0");

    private InputValues() {
    }

    /**
     * A new record as an array indexed by {@link ObjectTable.Column#position()}: the given values, then
     * defaults; system columns other than {@code owner_id} and auto-numbers are left to the writer.
     */
    static Object[] forCreate(ObjectTable table, JsonNode values, String prefix, List<Problem> problems) {
        Object[] row = new Object[table.columns().size()];
        int before = problems.size();
        boolean[] given = new boolean[row.length];
        convert(table, values, prefix, problems, (column, value) -> {
            row[column.position()] = value;
            given[column.position()] = true;
        });
        for (ObjectTable.Column column : table.dataColumns()) {
            FieldDefinition field = column.definition();
            int at = column.position();
            if (!given[at] && field.defaultValue() != null) {
                row[at] = ValueConverter.toColumn(field, field.defaultValue(), prefix + "/" + field.name(), problems);
            }
            if (field.rollup() != null && field.rollup().function() != RollupDefinition.Function.MIN
                    && field.rollup().function() != RollupDefinition.Function.MAX) {
                // a new record has nothing to count or sum yet
                row[at] = ValueConverter.toColumn(field, ZERO, prefix + "/" + field.name(), problems);
            }
            if (row[at] == null && field.required() && field.type() != FieldType.AUTO_NUMBER
                    && !hasProblemAt(problems, before, prefix + "/" + field.name())) {
                problems.add(Problem.of("value-required", prefix + "/" + field.name(), field.name() + " is required"));
            }
        }
        return row;
    }

    /** Fills who created and owns a new record (the actor, unless an owner was given). */
    static void stamp(ObjectTable table, Object[] row, Actor actor) {
        row[table.getColumn(ObjectTable.CREATED_BY).position()] = actor.userId();
        row[table.getColumn(ObjectTable.UPDATED_BY).position()] = actor.userId();
        int owner = table.getColumn(ObjectTable.OWNER_ID).position();
        if (row[owner] == null) {
            row[owner] = actor.userId();
        }
    }

    /** Column values of the fields an update names; required fields may not be set to null. */
    static Map<ObjectTable.Column, Object> forUpdate(ObjectTable table, JsonNode values) {
        List<Problem> problems = new ArrayList<>();
        Map<ObjectTable.Column, Object> columns = new LinkedHashMap<>();
        convert(table, values, "", problems, columns::put);
        columns.forEach((column, value) -> {
            if (value == null && column.definition().required() && !hasProblemAt(problems, 0, "/" + column.name())) {
                problems.add(Problem.of("value-required", "/" + column.name(), column.name() + " is required"));
            }
        });
        if (!problems.isEmpty()) {
            throw new InvalidException(problems);
        }
        return columns;
    }

    private interface Sink {
        void accept(ObjectTable.Column column, Object value);
    }

    private static void convert(ObjectTable table, JsonNode values, String prefix, List<Problem> problems, Sink sink) {
        if (values == null || !values.isObject()) {
            problems.add(Problem.of("record-invalid", prefix, "a record is a JSON object of field values"));
            return;
        }
        for (Map.Entry<String, JsonNode> entry : values.properties()) {
            String name = entry.getKey();
            ObjectTable.Column column = table.columnOrNull(name);
            if (column != null && !column.system() && column.definition().type() != FieldType.AUTO_NUMBER
                    && !column.definition().computed()) {
                // the common case, on every value of a bulk load: build the path only if there is a problem
                int before = problems.size();
                Object converted = ValueConverter.toColumn(column.definition(), entry.getValue(), "", problems);
                for (int i = before; i < problems.size(); i++) {
                    problems.set(i, problems.get(i).under(prefix + "/" + name));
                }
                sink.accept(column, converted);
                continue;
            }
            String path = prefix + "/" + name;
            if (column == null) {
                problems.add(Problem.of("field-unknown", path, "object " + table.name() + " has no field '" + name + "'"));
            } else if (column.system() && !name.equals(ObjectTable.OWNER_ID)) {
                // id and version may come back from a record the client read; the rest is the system's
                if (!name.equals(ObjectTable.VERSION) && !name.equals(ObjectTable.ID)) {
                    problems.add(Problem.of("field-read-only", path, name + " is set by the system"));
                }
            } else if (column.definition().type() == FieldType.AUTO_NUMBER) {
                problems.add(Problem.of("field-read-only", path, name + " is numbered automatically"));
            } else if (column.definition().computed()) {
                problems.add(Problem.of("field-read-only", path, name + " is computed ("
                        + (column.definition().formula() != null ? "a formula" : "a roll-up") + ")"));
            } else if (name.equals(ObjectTable.OWNER_ID) && entry.getValue().isNull()) {
                problems.add(Problem.of("value-required", path, "a record always has an owner"));
            } else {
                sink.accept(column, ValueConverter.toColumn(column.definition(), entry.getValue(), path, problems));
            }
        }
    }

    /** Whether a problem was already reported at {@code path} (looking only at this record's problems). */
    private static boolean hasProblemAt(List<Problem> problems, int from, String path) {
        for (int i = from; i < problems.size(); i++) {
            if (problems.get(i).path().equals(path)) {
                return true;
            }
        }
        return false;
    }
}
