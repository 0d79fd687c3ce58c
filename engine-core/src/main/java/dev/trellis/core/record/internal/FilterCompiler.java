package dev.trellis.core.record.internal;

import dev.trellis.core.InvalidException;
import dev.trellis.core.Problem;
import dev.trellis.core.json.Json;
import dev.trellis.core.metadata.FieldDefinition;
import dev.trellis.core.metadata.FieldType;
import dev.trellis.core.record.Filter;
import dev.trellis.core.storage.ObjectTable;
import dev.trellis.core.storage.ValueConverter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.impl.DSL;
import tools.jackson.databind.JsonNode;

/**
 * Compiles a {@link Filter} to a jOOQ condition on an object's table. Field names are looked up in the
 * compiled table (never put into SQL as given) and every operand is converted by the field's type and
 * bound as a parameter.
 */
public final class FilterCompiler {

    /** The key of a value taken from the partner user's own account: {@code {"$partner": "tier"}}. */
    public static final String PARTNER_VALUE = "$partner";

    /**
     * The fields of the partner account a sharing filter may compare with ({@code partnerPublished}),
     * for the partner user the query runs for.
     */
    public interface PartnerValues {

        /** The definition of the partner account's field, or null if it has none of that name. */
        FieldDefinition field(String name);

        /** That field's value for the current partner user, as SQL. */
        Field<Object> value(String name);
    }

    private FilterCompiler() {
    }

    static Condition compile(ObjectTable table, Filter filter) {
        return compile(table, filter, null);
    }

    /** A filter as a condition; {@code partner} resolves {@code $partner} values, null where there are none. */
    public static Condition compile(ObjectTable table, Filter filter, PartnerValues partner) {
        if (filter == null) {
            return DSL.noCondition();
        }
        List<Problem> problems = new ArrayList<>();
        Condition condition = compile(table, filter, partner, problems);
        if (!problems.isEmpty()) {
            throw new InvalidException(problems);
        }
        return condition;
    }

    /** Adds the problems a filter would raise, for checking metadata that holds filters. */
    public static void check(ObjectTable table, Filter filter, PartnerValues partner, List<Problem> problems) {
        compile(table, filter, partner, problems);
    }

    /** Every field a filter names, so a caller can refuse filtering on a field it may not see. */
    static void fieldsOf(Filter filter, java.util.function.BiConsumer<String, String> fieldAndPath) {
        switch (filter) {
            case Filter.And and -> and.filters().forEach(f -> fieldsOf(f, fieldAndPath));
            case Filter.Or or -> or.filters().forEach(f -> fieldsOf(f, fieldAndPath));
            case Filter.Condition c -> fieldAndPath.accept(c.field(), c.path() + "/field");
        }
    }

    /** A filter as a condition, adding its problems instead of throwing them. */
    public static Condition compile(ObjectTable table, Filter filter, PartnerValues partner, List<Problem> problems) {
        return switch (filter) {
            case Filter.And and -> DSL.and(and.filters().stream().map(f -> compile(table, f, partner, problems)).toList());
            case Filter.Or or -> DSL.or(or.filters().stream().map(f -> compile(table, f, partner, problems)).toList());
            case Filter.Condition c -> condition(table, c, partner, problems);
        };
    }

    private static Condition partnerValue(Filter.Condition c, ObjectTable.Column column, PartnerValues partner,
            List<Problem> problems) {
        String valuePath = c.path() + "/value";
        JsonNode ref = c.value().get(PARTNER_VALUE);
        if (partner == null) {
            problems.add(Problem.of("filter-value-invalid", valuePath, "a value from the partner account ("
                    + PARTNER_VALUE + ") is only allowed in partnerPublished"));
            return DSL.noCondition();
        }
        if (c.value().size() != 1 || !ref.isString()) {
            problems.add(Problem.of("filter-value-invalid", valuePath, "write {\"" + PARTNER_VALUE
                    + "\": \"<field of the partner account>\"}"));
            return DSL.noCondition();
        }
        FieldDefinition source = partner.field(ref.stringValue());
        if (source == null) {
            problems.add(Problem.of("filter-value-invalid", valuePath + "/" + PARTNER_VALUE,
                    "the partner account has no field '" + ref.stringValue() + "'"));
            return DSL.noCondition();
        }
        FieldDefinition target = column.definition();
        boolean comparable = source.type() == target.type() || source.type().isTextual() && target.type().isTextual()
                || source.type().isNumeric() && target.type().isNumeric();
        if (!comparable || target.type() == FieldType.JSON || target.type() == FieldType.MULTI_PICKLIST) {
            problems.add(Problem.of("filter-value-invalid", valuePath, "the partner account's " + ref.stringValue()
                    + " (" + source.type().jsonName() + ") cannot be compared with " + c.field() + " ("
                    + target.type().jsonName() + ")"));
            return DSL.noCondition();
        }
        return switch (c.op()) {
            case EQ -> column.field().eq(partner.value(ref.stringValue()));
            case NE -> column.field().isDistinctFrom(partner.value(ref.stringValue()));
            default -> {
                problems.add(Problem.of("filter-operator-unsupported", c.path() + "/op",
                        "a value from the partner account is compared with eq or ne"));
                yield DSL.noCondition();
            }
        };
    }

    private static Condition condition(ObjectTable table, Filter.Condition c, PartnerValues partner,
            List<Problem> problems) {
        ObjectTable.Column column = table.findColumn(c.field()).orElse(null);
        if (column == null) {
            problems.add(Problem.of("field-unknown", c.path() + "/field", "object " + table.name()
                    + " has no field '" + c.field() + "'"));
            return DSL.noCondition();
        }
        if (c.value() != null && c.value().isObject() && c.value().has(PARTNER_VALUE)) {
            return partnerValue(c, column, partner, problems);
        }
        FieldDefinition field = column.definition();
        Field<Object> f = column.field();
        String valuePath = c.path() + "/value";
        FieldType type = field.type();
        if (type == FieldType.JSON && c.op() != Filter.Operator.IS_NULL) {
            return unsupported(c, type, problems);
        }
        if (type == FieldType.MULTI_PICKLIST && c.op() != Filter.Operator.CONTAINS && c.op() != Filter.Operator.IS_NULL) {
            return unsupported(c, type, problems);
        }
        int before = problems.size();
        Condition result = switch (c.op()) {
            case EQ -> f.eq(operand(field, c.value(), valuePath, problems));
            case NE -> f.isDistinctFrom(operand(field, c.value(), valuePath, problems));
            case LT -> f.lt(ordered(c, field, valuePath, problems));
            case LE -> f.le(ordered(c, field, valuePath, problems));
            case GT -> f.gt(ordered(c, field, valuePath, problems));
            case GE -> f.ge(ordered(c, field, valuePath, problems));
            case IN -> {
                if (c.value() == null || !c.value().isArray() || c.value().isEmpty()) {
                    problems.add(Problem.of("filter-value-invalid", valuePath, "in takes a non-empty array of values"));
                    yield DSL.noCondition();
                }
                List<Object> values = new ArrayList<>();
                for (int i = 0; i < c.value().size(); i++) {
                    values.add(operand(field, c.value().get(i), valuePath + "/" + i, problems));
                }
                yield f.in(values);
            }
            case BETWEEN -> {
                if (c.value() == null || !c.value().isArray() || c.value().size() != 2) {
                    problems.add(Problem.of("filter-value-invalid", valuePath, "between takes an array [low, high]"));
                    yield DSL.noCondition();
                }
                requireOrdered(c, field, problems);
                yield f.between(operand(field, c.value().get(0), valuePath + "/0", problems),
                        operand(field, c.value().get(1), valuePath + "/1", problems));
            }
            case CONTAINS -> {
                if (type == FieldType.MULTI_PICKLIST) {
                    JsonNode value = c.value() != null && c.value().isString()
                            ? Json.MAPPER.createArrayNode().add(c.value()) : c.value();
                    yield DSL.condition("{0} @> {1}", f, DSL.val(operand(field, value, valuePath, problems), f));
                }
                yield f.containsIgnoreCase(text(c, field, valuePath, problems));
            }
            case STARTS_WITH -> f.startsWithIgnoreCase(text(c, field, valuePath, problems));
            case IS_NULL -> {
                if (c.value() == null || !c.value().isBoolean()) {
                    problems.add(Problem.of("filter-value-invalid", valuePath, "is_null takes true or false"));
                    yield DSL.noCondition();
                }
                yield c.value().booleanValue() ? f.isNull() : f.isNotNull();
            }
        };
        return problems.size() == before ? result : DSL.noCondition();
    }

    private static Object operand(FieldDefinition field, JsonNode value, String path, List<Problem> problems) {
        if (value == null || value.isNull()) {
            problems.add(Problem.of("filter-value-invalid", path, "a value is required; use is_null to match empty fields"));
            return null;
        }
        FieldDefinition lenient = field.type() == FieldType.PICKLIST || field.type() == FieldType.MULTI_PICKLIST
                ? field : withoutLimits(field);
        return ValueConverter.toColumn(lenient, value, path, problems);
    }

    /** Filters compare, they do not store: a value longer than the column still just matches nothing. */
    private static FieldDefinition withoutLimits(FieldDefinition f) {
        return new FieldDefinition(f.name(), f.type(), f.label(), f.helpText(), false, false, null,
                f.type().isTextual() ? Integer.MAX_VALUE : null, f.type().isNumeric() ? 38 : null,
                f.type().isNumeric() ? 18 : null, f.values(), f.target(), f.pattern(), f.internalOnly(), null, null);
    }

    private static Object ordered(Filter.Condition c, FieldDefinition field, String path, List<Problem> problems) {
        requireOrdered(c, field, problems);
        return operand(field, c.value(), path, problems);
    }

    private static void requireOrdered(Filter.Condition c, FieldDefinition field, List<Problem> problems) {
        if (field.type() == FieldType.BOOLEAN || field.type().isReference()) {
            unsupported(c, field.type(), problems);
        }
    }

    private static String text(Filter.Condition c, FieldDefinition field, String path, List<Problem> problems) {
        if (!field.type().isTextual()) {
            unsupported(c, field.type(), problems);
            return "";
        }
        if (c.value() == null || !c.value().isString()) {
            problems.add(Problem.of("filter-value-invalid", path, c.op().jsonName() + " takes a string"));
            return "";
        }
        if (!ValueConverter.noNulCharacter(c.value().stringValue(), path, problems)) {
            return "";
        }
        return Objects.requireNonNull(c.value().stringValue());
    }

    private static Condition unsupported(Filter.Condition c, FieldType type, List<Problem> problems) {
        problems.add(Problem.of("filter-operator-unsupported", c.path() + "/op", c.op().jsonName()
                + " does not apply to a " + type.jsonName() + " field"));
        return DSL.noCondition();
    }
}
