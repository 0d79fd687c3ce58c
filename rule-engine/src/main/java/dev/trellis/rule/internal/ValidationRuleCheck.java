package dev.trellis.rule.internal;

import dev.trellis.core.Actor;
import dev.trellis.core.Problem;
import dev.trellis.core.metadata.PublishedApp;
import dev.trellis.core.record.spi.RecordCheck;
import dev.trellis.rule.EvaluationException;
import dev.trellis.rule.Expression;
import dev.trellis.rule.ExpressionScope;
import dev.trellis.rule.ExpressionService;
import dev.trellis.rule.MapRecordContext;
import dev.trellis.rule.ValidationRuleDefinition;
import dev.trellis.rule.ValueType;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/** Runs an object's validation rules in force today on every record the record service is about to write. */
public final class ValidationRuleCheck implements RecordCheck {

    private final ExpressionService expressions;
    private final Clock clock;

    public ValidationRuleCheck(ExpressionService expressions, Clock clock) {
        this.expressions = expressions;
        this.clock = clock;
    }

    private record RulesKey(String object) {
    }

    private static List<ValidationRuleDefinition> rulesOf(PublishedApp app, String object) {
        return app.compiled(new RulesKey(object), p -> p.all(ValidationRuleKind.NAME, ValidationRuleDefinition.class)
                .values().stream().filter(r -> r.object().equals(object)).sorted(
                        java.util.Comparator.comparing(ValidationRuleDefinition::name)).toList());
    }

    @Override
    public boolean appliesTo(PublishedApp app, String object) {
        return !rulesOf(app, object).isEmpty();
    }

    @Override
    public void check(Actor actor, PublishedApp app, String object, Map<String, Object> after, Map<String, Object> before,
            BiFunction<String, Long, Map<String, Object>> related, List<Problem> problems) {
        LocalDate today = LocalDate.now(clock);
        MapRecordContext record = new MapRecordContext(ExpressionScope.of(app, object), after, before, actor, related);
        for (ValidationRuleDefinition rule : rulesOf(app, object)) {
            if (!rule.inForce(today)) {
                continue;
            }
            String path = rule.field() == null ? "" : "/" + rule.field();
            Expression condition = expressions.compiled(app, object, rule.condition(), ValueType.BOOLEAN);
            try {
                if (Boolean.TRUE.equals(condition.evaluate(record))) {
                    problems.add(new Problem("validation-rule-failed", path, rule.message(), Map.of("rule", rule.name())));
                }
            } catch (EvaluationException e) {
                problems.add(new Problem("validation-rule-error", path, "rule " + rule.name() + ": "
                        + e.problems().getFirst().message(), Map.of("rule", rule.name())));
            }
        }
    }
}
