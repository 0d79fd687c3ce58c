package dev.trellis.rule.routing;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A routing decision table over records of {@code object}: ordered {@code rows}, each a set of conditions
 * and an outcome (an assignee and the table's declared {@code outputs}). A row's conditions are cells by
 * field ({@code "when": {"type": "complaint", "partner.region": ["east", "north"], "amount": {">=": 1000}}})
 * — each compiled to an expression — and/or one {@code condition} expression; all must hold. Under the
 * {@code first} hit policy the first matching row decides; under {@code collect} every matching row does,
 * in order. When no row matches, the {@code default} outcome applies; a table without one must say
 * {@code "allowNoMatch": true}, and then "no match" is a valid answer.
 */
public record DecisionTableDefinition(String name, Map<String, String> label, String description, String object,
        Boolean active, HitPolicy hitPolicy, List<Output> outputs, List<Row> rows,
        @JsonProperty("default") Outcome otherwise, Boolean allowNoMatch, LocalDate validFrom, LocalDate validTo,
        List<Example> examples) {

    public DecisionTableDefinition {
        label = label == null ? Map.of() : Map.copyOf(label);
        active = active == null || active;
        hitPolicy = hitPolicy == null ? HitPolicy.FIRST : hitPolicy;
        outputs = outputs == null ? List.of() : List.copyOf(outputs);
        rows = rows == null ? List.of() : List.copyOf(rows);
        allowNoMatch = allowNoMatch != null && allowNoMatch;
        examples = examples == null ? List.of() : List.copyOf(examples);
    }

    public boolean inForce(LocalDate day) {
        return active && (validFrom == null || !day.isBefore(validFrom)) && (validTo == null || day.isBefore(validTo));
    }

    public enum HitPolicy {
        FIRST, COLLECT;

        @JsonValue
        public String jsonName() {
            return name().toLowerCase();
        }

        @JsonCreator
        static HitPolicy fromJson(String name) {
            return valueOf(name.toUpperCase());
        }
    }

    /** An extra output of the table: its name and the type its expressions give ({@code text}, {@code number}, …). */
    public record Output(String name, String type) {
    }

    /** A row: cells by field path and/or a condition; when all hold, the outcome. */
    public record Row(String name, Map<String, JsonNode> when, String condition, Assignee assignee,
            Map<String, String> outputs) {

        public Row {
            when = when == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(when));
            outputs = outputs == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
        }
    }

    /** The default row's outcome: an assignee and output expressions. */
    public record Outcome(Assignee assignee, Map<String, String> outputs) {

        public Outcome {
            outputs = outputs == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
        }
    }

    /** A sample record and the outcomes the table must give for it, in order (none: no match). */
    public record Example(JsonNode record, List<Expected> expect) {

        public Example {
            expect = expect == null ? List.of() : List.copyOf(expect);
        }
    }

    /** An expected outcome: its assignee and, for the outputs named, their values. */
    public record Expected(Assignee assignee, Map<String, JsonNode> outputs) {

        public Expected {
            outputs = outputs == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
        }
    }
}
