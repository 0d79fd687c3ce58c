package dev.trellis.rule.rebate.internal;

import dev.trellis.core.Problem;
import dev.trellis.core.json.Json;
import dev.trellis.core.metadata.FieldDefinition;
import dev.trellis.core.metadata.FieldType;
import dev.trellis.core.record.Filter;
import dev.trellis.core.storage.ObjectTable;
import dev.trellis.core.storage.ValueConverter;
import java.util.ArrayList;
import java.util.List;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.impl.DSL;
import tools.jackson.databind.JsonNode;

/**
 * A policy's scope — a record filter as the record service's queries take it ({@link Filter}) — compiled to a
 * condition on the unqualified columns of one object's table, with the same operators and the same value
 * conversion ({@link ValueConverter}). Engine-core's own filter compiler is internal to it, and modules keep
 * out of each other's internals; a scope has no partner-user values ({@code $partner}) to resolve anyway.
 */
final class ScopeFilter {

    private ScopeFilter() {
    }

    /** The condition, or null with every problem added (paths as the filter was read). */
    static Condition compile(ObjectTable table, Filter filter, List<Problem> problems) {
        int before = problems.size();
        Condition condition = condition(table, filter, problems);
        return problems.size() == before ? condition : null;
    }

    private static Condition condition(ObjectTable table, Filter filter, List<Problem> problems) {
        return switch (filter) {
            case Filter.And and -> DSL.and(and.filters().stream().map(f -> condition(table, f, problems)).toList());
            case Filter.Or or -> DSL.or(or.filters().stream().map(f -> condition(table, f, problems)).toList());
            case Filter.Condition c -> comparison(table, c, problems);
        };
    }

    private static Condition comparison(ObjectTable table, Filter.Condition c, List<Problem> problems) {
        ObjectTable.Column column = table.findColumn(c.field()).orElse(null);
        if (column == null) {
            problems.add(Problem.of("field-unknown", c.path() + "/field", "object " + table.name() + " has no field '"
                    + c.field() + "'"));
            return DSL.noCondition();
        }
        FieldDefinition field = column.definition();
        Field<Object> f = column.field();
        FieldType type = field.type();
        String valuePath = c.path() + "/value";
        boolean multi = type == FieldType.MULTI_PICKLIST;
        if (type == FieldType.JSON && c.op() != Filter.Operator.IS_NULL
                || multi && c.op() != Filter.Operator.CONTAINS && c.op() != Filter.Operator.IS_NULL) {
            return unsupported(c, type, problems);
        }
        return switch (c.op()) {
            case EQ -> f.eq(value(field, c.value(), valuePath, problems));
            case NE -> f.isDistinctFrom(value(field, c.value(), valuePath, problems));
            case LT -> ordered(c, field, problems) ? f.lt(value(field, c.value(), valuePath, problems)) : DSL.noCondition();
            case LE -> ordered(c, field, problems) ? f.le(value(field, c.value(), valuePath, problems)) : DSL.noCondition();
            case GT -> ordered(c, field, problems) ? f.gt(value(field, c.value(), valuePath, problems)) : DSL.noCondition();
            case GE -> ordered(c, field, problems) ? f.ge(value(field, c.value(), valuePath, problems)) : DSL.noCondition();
            case IN -> {
                if (c.value() == null || !c.value().isArray() || c.value().isEmpty()) {
                    problems.add(Problem.of("filter-value-invalid", valuePath, "in takes a non-empty array of values"));
                    yield DSL.noCondition();
                }
                List<Object> values = new ArrayList<>();
                for (int i = 0; i < c.value().size(); i++) {
                    values.add(value(field, c.value().get(i), valuePath + "/" + i, problems));
                }
                yield f.in(values);
            }
            case BETWEEN -> {
                if (c.value() == null || !c.value().isArray() || c.value().size() != 2) {
                    problems.add(Problem.of("filter-value-invalid", valuePath, "between takes an array [low, high]"));
                    yield DSL.noCondition();
                }
                yield ordered(c, field, problems) ? f.between(value(field, c.value().get(0), valuePath + "/0", problems),
                        value(field, c.value().get(1), valuePath + "/1", problems)) : DSL.noCondition();
            }
            case CONTAINS -> {
                if (multi) {
                    JsonNode value = c.value() != null && c.value().isString()
                            ? Json.MAPPER.createArrayNode().add(c.value()) : c.value();
                    yield DSL.condition("{0} @> {1}", f, DSL.val(value(field, value, valuePath, problems), f));
                }
                yield f.containsIgnoreCase(text(c, field, problems));
            }
            case STARTS_WITH -> f.startsWithIgnoreCase(text(c, field, problems));
            case IS_NULL -> {
                if (c.value() == null || !c.value().isBoolean()) {
                    problems.add(Problem.of("filter-value-invalid", valuePath, "is_null takes true or false"));
                    yield DSL.noCondition();
                }
                yield c.value().booleanValue() ? f.isNull() : f.isNotNull();
            }
        };
    }

    private static Object value(FieldDefinition field, JsonNode value, String path, List<Problem> problems) {
        if (value == null || value.isNull()) {
            problems.add(Problem.of("filter-value-invalid", path, "a value is required; use is_null to match empty fields"));
            return null;
        }
        if (value.isObject()) {
            problems.add(Problem.of("filter-value-invalid", path, "a policy's scope compares with plain values"));
            return null;
        }
        return ValueConverter.toColumn(field, value, path, problems);
    }

    private static boolean ordered(Filter.Condition c, FieldDefinition field, List<Problem> problems) {
        if (field.type() == FieldType.BOOLEAN || field.type().isReference()) {
            unsupported(c, field.type(), problems);
            return false;
        }
        return true;
    }

    private static String text(Filter.Condition c, FieldDefinition field, List<Problem> problems) {
        String path = c.path() + "/value";
        if (!field.type().isTextual()) {
            unsupported(c, field.type(), problems);
            return "";
        }
        if (c.value() == null || !c.value().isString()) {
            problems.add(Problem.of("filter-value-invalid", path, c.op().jsonName() + " takes a string"));
            return "";
        }
        return ValueConverter.noNulCharacter(c.value().stringValue(), path, problems) ? c.value().stringValue() : "";
    }

    private static Condition unsupported(Filter.Condition c, FieldType type, List<Problem> problems) {
        problems.add(Problem.of("filter-operator-unsupported", c.path() + "/op", c.op().jsonName()
                + " does not apply to a " + type.jsonName() + " field"));
        return DSL.noCondition();
    }
}
