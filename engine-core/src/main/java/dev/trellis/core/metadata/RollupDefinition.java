package dev.trellis.core.metadata;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import tools.jackson.databind.JsonNode;

/**
 * A roll-up summary: the field holds {@code function} of {@code field} over the records of {@code object}
 * whose {@code via} lookup points at this record and that match {@code filter} — e.g. an order's total as
 * the sum of its lines' amounts. Kept correct by the record service on every write of those records.
 */
public record RollupDefinition(String object, String via, Function function, String field, JsonNode filter) {

    public enum Function {
        COUNT, SUM, MIN, MAX;

        @JsonValue
        public String jsonName() {
            return name().toLowerCase();
        }

        @JsonCreator
        static Function fromJson(String jsonName) {
            return Arrays.stream(values()).filter(f -> f.jsonName().equals(jsonName)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown roll-up function " + jsonName));
        }
    }

    public RollupDefinition {
        if (filter != null && filter.isNull()) {
            filter = null;
        }
    }
}
