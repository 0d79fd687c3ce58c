package dev.trellis.rule;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A validation rule: when {@code condition} is true for a record about to be written, the write is
 * refused with {@code message} on {@code field} (or on the record). In force from {@code validFrom} up to,
 * not including, {@code validTo}; {@code examples} are sample records checked on every save.
 */
public record ValidationRuleDefinition(String name, Map<String, String> label, String description, String object,
        Boolean active, String condition, String message, String field, LocalDate validFrom, LocalDate validTo,
        List<Example> examples) {

    /** A sample record and whether the rule must refuse it. */
    public record Example(JsonNode record, boolean fails) {
    }

    public ValidationRuleDefinition {
        label = label == null ? Map.of() : Map.copyOf(label);
        active = active == null || active;
        examples = examples == null ? List.of() : List.copyOf(examples);
    }

    public boolean inForce(LocalDate day) {
        return active && (validFrom == null || !day.isBefore(validFrom)) && (validTo == null || day.isBefore(validTo));
    }
}
