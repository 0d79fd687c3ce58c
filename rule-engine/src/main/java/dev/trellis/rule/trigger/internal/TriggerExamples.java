package dev.trellis.rule.trigger.internal;

import dev.trellis.core.Actor;
import dev.trellis.core.Problem;
import dev.trellis.core.metadata.FieldDefinition;
import dev.trellis.core.record.RecordAction;
import dev.trellis.rule.EvaluationException;
import dev.trellis.rule.ExpressionScope;
import dev.trellis.rule.MapRecordContext;
import dev.trellis.rule.testrun.SampleRecord;
import dev.trellis.rule.trigger.TriggerDefinition;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Runs a trigger's examples at save time: each sample write must fire the trigger or not, as it says, and
 * the set-fields actions must give the values it expects. Lookups in examples are not followed (a path
 * through one reads as blank), as nothing is stored yet.
 */
final class TriggerExamples {

    static final Actor EXAMPLE_USER = new Actor(0, "example", Set.of());

    private TriggerExamples() {
    }

    static void check(CompiledTrigger trigger, ExpressionScope scope, List<Problem> problems) {
        List<TriggerDefinition.Example> examples = trigger.definition().examples();
        for (int i = 0; i < examples.size(); i++) {
            check(trigger, scope, examples.get(i), "/examples/" + i, problems);
        }
    }

    private static void check(CompiledTrigger trigger, ExpressionScope scope, TriggerDefinition.Example example,
            String path, List<Problem> problems) {
        RecordAction event = example.event() != null ? example.event() : trigger.definition().events().getFirst();
        List<Problem> found = new ArrayList<>();
        if (!trigger.handles(event)) {
            found.add(Problem.of("example-event-invalid", path + "/event", "the trigger does not run on "
                    + event.jsonName()));
        }
        if (example.prior() != null && event != RecordAction.UPDATE) {
            found.add(Problem.of("example-prior-invalid", path + "/prior", "only an update has prior values"));
        }
        Map<String, Object> record = SampleRecord.read(scope.object(), example.record(), path + "/record", found);
        Map<String, Object> prior = null;
        if (event == RecordAction.UPDATE) {
            // what the example does not say changed was the same before
            prior = new java.util.LinkedHashMap<>(record);
            prior.putAll(SampleRecord.read(scope.object(), example.prior(), path + "/prior", found));
        }
        Set<String> set = new java.util.HashSet<>();
        trigger.steps().stream().filter(s -> s instanceof CompiledTrigger.SetFields)
                .forEach(s -> ((CompiledTrigger.SetFields) s).values().forEach(v -> set.add(v.field().name())));
        example.sets().keySet().stream().filter(f -> !set.contains(f)).forEach(f -> found.add(Problem.of(
                "example-field-not-set", path + "/sets/" + f, "no set_fields action of the trigger sets '" + f + "'")));
        if (!found.isEmpty()) {
            problems.addAll(found);
            return;
        }
        Map<String, Object> before = prior;
        try {
            Optional<Map<String, Object>> sets = trigger.trial(record,
                    values -> new MapRecordContext(scope, values, before, EXAMPLE_USER, (object, id) -> null));
            if (sets.isPresent() != example.fires()) {
                problems.add(Problem.of("example-failed", path, "the trigger " + (sets.isPresent()
                        ? "fires" : "does not fire") + " for this example, which says it "
                        + (example.fires() ? "must fire" : "must not fire")));
                return;
            }
            sets.ifPresent(values -> example.sets().forEach((field, expected) -> {
                Object actual = values.get(field);
                FieldDefinition definition = FieldValues.settable(scope.object(), field).orElseThrow();
                if (!same(definition, expected, actual)) {
                    problems.add(new Problem("example-failed", path + "/sets/" + field, "the trigger sets " + field
                            + " to " + describe(actual) + ", the example expects " + expected,
                            Map.of("actual", describe(actual))));
                }
            }));
        } catch (EvaluationException e) {
            problems.add(Problem.of("example-failed", path, e.problems().getFirst().message()));
        }
    }

    /** The expected JSON value against what the expression gave, compared as the field would store them. */
    private static boolean same(FieldDefinition field, JsonNode expected, Object actual) {
        JsonNode written = FieldValues.toJson(field, actual);
        if (expected.isNumber() && written.isNumber()) {
            return expected.decimalValue().compareTo(written.decimalValue()) == 0;
        }
        return Objects.equals(expected, written);
    }

    static String describe(Object value) {
        return switch (value) {
            case null -> "blank";
            case String s -> "'" + s + "'";
            case BigDecimal d -> d.toPlainString();
            default -> value.toString();
        };
    }
}
