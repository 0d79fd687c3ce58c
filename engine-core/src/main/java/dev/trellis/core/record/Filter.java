package dev.trellis.core.record;

import java.util.List;
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
}
