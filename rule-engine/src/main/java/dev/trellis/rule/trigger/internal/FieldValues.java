package dev.trellis.rule.trigger.internal;

import dev.trellis.core.Problem;
import dev.trellis.core.json.Json;
import dev.trellis.core.metadata.FieldDefinition;
import dev.trellis.core.metadata.FieldType;
import dev.trellis.core.metadata.ObjectDefinition;
import dev.trellis.core.storage.ObjectTable;
import dev.trellis.rule.ExpressionScope;
import dev.trellis.rule.ExpressionService;
import dev.trellis.rule.ValueType;
import dev.trellis.rule.testrun.SampleRecord;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Values that actions write into fields: which fields an action may set and with what type, the check of
 * a {@code field → expression} map, and the JSON the record service takes for a computed value.
 */
final class FieldValues {

    private FieldValues() {
    }

    /**
     * The field an action may set: a field of the object that is neither an auto-number nor JSON, or the
     * record's owner ({@code owner_id}, a user id).
     */
    static Optional<FieldDefinition> settable(ObjectDefinition object, String name) {
        if (name.equals(ObjectTable.OWNER_ID)) {
            return Optional.of(SampleRecord.definition(name, FieldType.INTEGER));
        }
        return object.findField(name).filter(f -> f.type() != FieldType.AUTO_NUMBER && f.type() != FieldType.JSON
                && !f.computed());
    }

    /**
     * Checks each {@code field → expression} of {@code values}: the field exists on {@code target} and may be
     * set, and the expression (over the trigger's record, {@code scope}) gives the field's type.
     */
    static void check(ExpressionService expressions, ExpressionScope scope, ObjectDefinition target,
            Map<String, String> values, String path, List<Problem> problems) {
        values.forEach((name, source) -> {
            String at = path + "/" + name;
            Optional<FieldDefinition> field = settable(target, name);
            if (field.isEmpty()) {
                boolean exists = target.findField(name).isPresent() || ObjectTable.SYSTEM_COLUMNS.contains(name);
                problems.add(exists
                        ? Problem.of("field-not-settable", at, "field " + name + " of " + target.name()
                                + " is filled by the platform and cannot be set by a trigger")
                        : Problem.of("field-unknown", at, "object " + target.name() + " has no field '" + name + "'"));
                return;
            }
            List<Problem> found = expressions.check(scope, source, ValueType.of(field.get().type()), at);
            problems.addAll(found);
            if (found.isEmpty()) {
                checkPicklistLiteral(field.get(), source, at, problems);
            }
        });
    }

    /** A quoted picklist value that the field does not offer is caught at save time, not at the write. */
    private static void checkPicklistLiteral(FieldDefinition field, String source, String at, List<Problem> problems) {
        if (field.type() != FieldType.PICKLIST) {
            return;
        }
        String s = source.strip();
        if (s.length() >= 2 && (s.charAt(0) == '\'' || s.charAt(0) == '"') && s.charAt(s.length() - 1) == s.charAt(0)
                && s.indexOf('\\') < 0 && s.indexOf(s.charAt(0), 1) == s.length() - 1) {
            String value = s.substring(1, s.length() - 1);
            if (!value.isEmpty() && !field.hasValue(value)) {
                problems.add(Problem.of("picklist-value-unknown", at, "picklist " + field.name() + " has no value '"
                        + value + "'"));
            }
        }
    }

    /** The JSON the record service takes for a value an expression computed for {@code field}; blank is null. */
    static JsonNode toJson(FieldDefinition field, Object value) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        return switch (value) {
            case null -> nodes.nullNode();
            case BigDecimal d when isWhole(field) && d.stripTrailingZeros().scale() <= 0 ->
                    nodes.numberNode(d.toBigIntegerExact());
            case BigDecimal d -> nodes.numberNode(d);
            case String s when s.isEmpty() -> nodes.nullNode();
            case String s -> nodes.stringNode(s);
            case Boolean b -> nodes.booleanNode(b);
            case LocalDate d -> nodes.stringNode(d.toString());
            case OffsetDateTime t -> nodes.stringNode(t.toString());
            case List<?> list -> {
                ArrayNode array = nodes.arrayNode();
                list.forEach(item -> array.add(String.valueOf(item)));
                yield array;
            }
            default -> Json.tree(value);
        };
    }

    private static boolean isWhole(FieldDefinition field) {
        return field.type() == FieldType.INTEGER || field.type().isReference();
    }

}
