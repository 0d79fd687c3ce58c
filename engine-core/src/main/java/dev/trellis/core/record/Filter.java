package dev.trellis.core.record;

import dev.trellis.core.Problem;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * A query filter: conditions nested in {@code and}/{@code or}. Each node remembers the JSON path it
 * was read from so that a bad field or value is reported where the caller wrote it.
 */
public sealed interface Filter {

    String path();

    record And(List<Filter> filters, String path) implements Filter {
        public And {
            filters = List.copyOf(filters);
        }
    }

    record Or(List<Filter> filters, String path) implements Filter {
        public Or {
            filters = List.copyOf(filters);
        }
    }

    /** {@code field op value}; {@code value} is JSON as the caller wrote it, converted by the field's type. */
    record Condition(String field, Operator op, JsonNode value, String path) implements Filter {
    }

    enum Operator {
        EQ, NE, LT, LE, GT, GE, IN, CONTAINS, STARTS_WITH, BETWEEN, IS_NULL;

        public String jsonName() {
            return name().toLowerCase();
        }
    }

    /**
     * Reads a filter from its JSON form, adding every problem with its path; null when it does not read.
     */
    static Filter parse(JsonNode node, String path, List<Problem> problems) {
        if (!node.isObject()) {
            problems.add(Problem.of("filter-invalid", path, "a filter is an object: {and: […]}, {or: […]} or"
                    + " {field, op, value}"));
            return null;
        }
        for (String junction : List.of("and", "or")) {
            if (node.has(junction)) {
                JsonNode list = node.get(junction);
                if (!list.isArray() || list.isEmpty() || node.size() != 1) {
                    problems.add(Problem.of("filter-invalid", path + "/" + junction,
                            junction + " takes a non-empty array of filters and nothing beside it"));
                    return null;
                }
                List<Filter> filters = new ArrayList<>();
                for (int i = 0; i < list.size(); i++) {
                    Filter f = parse(list.get(i), path + "/" + junction + "/" + i, problems);
                    if (f != null) {
                        filters.add(f);
                    }
                }
                return junction.equals("and") ? new Filter.And(filters, path) : new Filter.Or(filters, path);
            }
        }
        JsonNode field = node.get("field");
        JsonNode op = node.get("op");
        if (field == null || !field.isString()) {
            problems.add(Problem.of("filter-invalid", path + "/field", "a condition names a field"));
            return null;
        }
        Filter.Operator operator = op == null || !op.isString() ? null : Arrays.stream(Filter.Operator.values())
                .filter(o -> o.jsonName().equals(op.stringValue())).findFirst().orElse(null);
        if (operator == null) {
            problems.add(Problem.of("filter-operator-unknown", path + "/op", "op is one of "
                    + Arrays.stream(Filter.Operator.values()).map(Filter.Operator::jsonName).toList()));
            return null;
        }
        for (String key : node.propertyNames()) {
            if (!Set.of("field", "op", "value").contains(key)) {
                problems.add(Problem.of("filter-invalid", path + "/" + key, "unknown condition property '" + key + "'"));
            }
        }
        return new Filter.Condition(field.stringValue(), operator, node.get("value"), path);
    }
}
