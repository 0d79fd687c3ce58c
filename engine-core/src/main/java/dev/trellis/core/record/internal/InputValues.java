package dev.trellis.core.record.internal;

import dev.trellis.core.InvalidException;
import dev.trellis.core.Problem;
import dev.trellis.core.metadata.FieldDefinition;
import dev.trellis.core.metadata.FieldType;
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

    private InputValues() {
    }

    /** Column values of a new record: given values, then defaults; auto-numbers are left to the writer. */
    static Map<ObjectTable.Column, Object> forCreate(ObjectTable table, JsonNode values, String prefix,
            List<Problem> problems) {
        Map<ObjectTable.Column, Object> columns = convert(table, values, prefix, problems);
        for (ObjectTable.Column column : table.dataColumns()) {
            FieldDefinition field = column.definition();
            if (!columns.containsKey(column) && field.defaultValue() != null) {
                columns.put(column, ValueConverter.toColumn(field, field.defaultValue(), prefix + "/" + field.name(),
                        problems));
            }
            if (field.required() && field.type() != FieldType.AUTO_NUMBER && columns.get(column) == null
                    && !hasProblemAt(problems, prefix + "/" + field.name())) {
                problems.add(Problem.of("value-required", prefix + "/" + field.name(), field.name() + " is required"));
            }
        }
        return columns;
    }

    /** Column values of the fields an update names; required fields may not be set to null. */
    static Map<ObjectTable.Column, Object> forUpdate(ObjectTable table, JsonNode values) {
        List<Problem> problems = new ArrayList<>();
        Map<ObjectTable.Column, Object> columns = convert(table, values, "", problems);
        columns.forEach((column, value) -> {
            if (value == null && column.definition().required() && !hasProblemAt(problems, "/" + column.name())) {
                problems.add(Problem.of("value-required", "/" + column.name(), column.name() + " is required"));
            }
        });
        if (!problems.isEmpty()) {
            throw new InvalidException(problems);
        }
        return columns;
    }

    private static Map<ObjectTable.Column, Object> convert(ObjectTable table, JsonNode values, String prefix,
            List<Problem> problems) {
        Map<ObjectTable.Column, Object> columns = new LinkedHashMap<>();
        if (values == null || !values.isObject()) {
            problems.add(Problem.of("record-invalid", prefix, "a record is a JSON object of field values"));
            return columns;
        }
        for (Map.Entry<String, JsonNode> entry : values.properties()) {
            String name = entry.getKey();
            String path = prefix + "/" + name;
            ObjectTable.Column column = table.findColumn(name).orElse(null);
            if (column == null) {
                problems.add(Problem.of("field-unknown", path, "object " + table.name() + " has no field '" + name + "'"));
            } else if (column.system() && !name.equals(ObjectTable.OWNER_ID)) {
                if (!name.equals(ObjectTable.VERSION) && !name.equals(ObjectTable.ID)) {
                    problems.add(Problem.of("field-read-only", path, name + " is set by the system"));
                }
            } else if (column.definition().type() == FieldType.AUTO_NUMBER) {
                problems.add(Problem.of("field-read-only", path, name + " is numbered automatically"));
            } else if (name.equals(ObjectTable.OWNER_ID) && (entry.getValue().isNull())) {
                problems.add(Problem.of("value-required", path, "a record always has an owner"));
            } else {
                columns.put(column, ValueConverter.toColumn(column.definition(), entry.getValue(), path, problems));
            }
        }
        return columns;
    }

    private static boolean hasProblemAt(List<Problem> problems, String path) {
        return problems.stream().anyMatch(p -> p.path().equals(path));
    }
}
