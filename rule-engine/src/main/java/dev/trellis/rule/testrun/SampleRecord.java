package dev.trellis.rule.testrun;

import dev.trellis.core.Problem;
import dev.trellis.core.json.Json;
import dev.trellis.core.metadata.FieldDefinition;
import dev.trellis.core.metadata.FieldType;
import dev.trellis.core.metadata.ObjectDefinition;
import dev.trellis.core.storage.ObjectTable;
import dev.trellis.core.storage.ValueConverter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * A sample record given as JSON (a rule's example, a designer's test input) read into the values the
 * record service would hold, converted by the object's field types exactly as a write converts them.
 */
public final class SampleRecord {

    private SampleRecord() {
    }

    /**
     * The values of {@code json}, an object of field name → value; each unknown field or bad value is a
     * problem under {@code path} ({@code /examples/0/record/amount}). System fields ({@code id},
     * {@code owner_id}, …) may be given too.
     */
    public static Map<String, Object> read(ObjectDefinition object, JsonNode json, String path, List<Problem> problems) {
        Map<String, Object> record = new LinkedHashMap<>();
        if (json == null || json.isNull() || json.isMissingNode()) {
            return record;
        }
        if (!json.isObject()) {
            problems.add(Problem.of("value-type-mismatch", path, "a record is an object of field name → value"));
            return record;
        }
        for (Map.Entry<String, JsonNode> entry : json.properties()) {
            String fieldPath = path + "/" + entry.getKey();
            Optional<FieldDefinition> field = field(object, entry.getKey());
            if (field.isEmpty()) {
                problems.add(Problem.of("field-unknown", fieldPath, "object " + object.name() + " has no field '"
                        + entry.getKey() + "'"));
                continue;
            }
            Object value = ValueConverter.toColumn(field.get(), entry.getValue(), fieldPath, problems);
            record.put(entry.getKey(), ValueConverter.asStored(field.get(), value));
        }
        return record;
    }

    /** A field of the object, or a system field with the definition its column has. */
    public static Optional<FieldDefinition> field(ObjectDefinition object, String name) {
        Optional<FieldDefinition> field = object.findField(name);
        if (field.isPresent() || !ObjectTable.SYSTEM_COLUMNS.contains(name)) {
            return field;
        }
        FieldType type = name.equals(ObjectTable.CREATED_AT) || name.equals(ObjectTable.UPDATED_AT)
                ? FieldType.DATETIME : FieldType.INTEGER;
        return Optional.of(definition(name, type));
    }

    /** A plain field of a name and type, read as metadata is, so that it has every attribute's default. */
    public static FieldDefinition definition(String name, FieldType type) {
        return Json.MAPPER.treeToValue(Json.object().put("name", name).put("type", type.jsonName()),
                FieldDefinition.class);
    }
}
