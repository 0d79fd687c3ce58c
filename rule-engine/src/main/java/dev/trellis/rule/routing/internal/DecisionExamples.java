package dev.trellis.rule.routing.internal;

import dev.trellis.core.Actor;
import dev.trellis.core.Problem;
import dev.trellis.core.json.Json;
import dev.trellis.rule.EvaluationException;
import dev.trellis.rule.ExpressionScope;
import dev.trellis.rule.MapRecordContext;
import dev.trellis.rule.routing.Decision;
import dev.trellis.rule.routing.DecisionTableDefinition;
import dev.trellis.rule.testrun.SampleRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Runs a decision table's examples at save time: each sample record must get exactly the outcomes the
 * example lists, in order (assignees, and the outputs it names). Lookups are not followed in examples.
 */
final class DecisionExamples {

    private static final Actor EXAMPLE_USER = new Actor(0, "example", Set.of());

    private DecisionExamples() {
    }

    static void check(CompiledTable table, ExpressionScope scope, List<Problem> problems) {
        List<DecisionTableDefinition.Example> examples = table.definition().examples();
        for (int i = 0; i < examples.size(); i++) {
            DecisionTableDefinition.Example example = examples.get(i);
            String path = "/examples/" + i;
            List<Problem> found = new ArrayList<>();
            Map<String, Object> record = SampleRecord.read(scope.object(), example.record(), path + "/record", found);
            if (!found.isEmpty()) {
                problems.addAll(found);
                continue;
            }
            Decision decision;
            try {
                decision = table.decide(MapRecordContext.of(scope, record, EXAMPLE_USER), Map.of());
            } catch (EvaluationException e) {
                problems.add(Problem.of("example-failed", path, e.problems().getFirst().message()));
                continue;
            }
            if (!matches(example.expect(), decision.outcomes())) {
                problems.add(new Problem("example-failed", path, "the table gives " + describe(decision)
                        + ", the example expects " + describeExpected(example.expect()),
                        Map.of("rows", decision.outcomes().stream().map(o -> o.row() == null ? "default"
                                : String.valueOf(o.row())).toList())));
            }
        }
    }

    private static boolean matches(List<DecisionTableDefinition.Expected> expected, List<Decision.Outcome> actual) {
        if (expected.size() != actual.size()) {
            return false;
        }
        for (int i = 0; i < expected.size(); i++) {
            DecisionTableDefinition.Expected e = expected.get(i);
            Decision.Outcome a = actual.get(i);
            if (!Objects.equals(e.assignee(), a.assignee())) {
                return false;
            }
            for (Map.Entry<String, JsonNode> output : e.outputs().entrySet()) {
                JsonNode value = Json.tree(a.outputs().get(output.getKey()));
                boolean same = output.getValue().isNumber() && value.isNumber()
                        ? output.getValue().decimalValue().compareTo(value.decimalValue()) == 0
                        : output.getValue().equals(value);
                if (!same) {
                    return false;
                }
            }
        }
        return true;
    }

    private static String describe(Decision decision) {
        if (decision.outcomes().isEmpty()) {
            return "no match";
        }
        return decision.outcomes().stream().map(o -> (o.row() == null ? "default" : "row " + o.row()) + ": "
                + o.assignee() + (o.outputs().isEmpty() ? "" : " " + Json.write(o.outputs()))).toList().toString();
    }

    private static String describeExpected(List<DecisionTableDefinition.Expected> expected) {
        if (expected.isEmpty()) {
            return "no match";
        }
        return expected.stream().map(e -> e.assignee() + (e.outputs().isEmpty() ? "" : " " + Json.write(e.outputs())))
                .toList().toString();
    }
}
