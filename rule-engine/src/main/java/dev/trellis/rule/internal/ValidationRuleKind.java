package dev.trellis.rule.internal;

import dev.trellis.core.Actor;
import dev.trellis.core.Problem;
import dev.trellis.core.metadata.FieldDefinition;
import dev.trellis.core.metadata.ObjectDefinition;
import dev.trellis.core.metadata.spi.MetadataNames;
import dev.trellis.core.metadata.spi.MetadataContext;
import dev.trellis.core.metadata.spi.MetadataKind;
import dev.trellis.core.storage.ValueConverter;
import dev.trellis.rule.EvaluationException;
import dev.trellis.rule.Expression;
import dev.trellis.rule.ExpressionScope;
import dev.trellis.rule.ExpressionService;
import dev.trellis.rule.MapRecordContext;
import dev.trellis.rule.ValidationRuleDefinition;
import dev.trellis.rule.ValueType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The {@code validation_rule} kind: the object must exist, the condition must check as true/false against
 * it, the field must be one of its fields, and every example must come out as it says.
 */
public final class ValidationRuleKind implements MetadataKind<ValidationRuleDefinition> {

    public static final String NAME = "validation_rule";
    private static final Actor EXAMPLE_USER = new Actor(0, "example", Set.of());

    private final ExpressionService expressions;

    public ValidationRuleKind(ExpressionService expressions) {
        this.expressions = expressions;
    }

    @Override
    public String name() {
        return NAME;
    }


    @Override
    public Class<ValidationRuleDefinition> type() {
        return ValidationRuleDefinition.class;
    }

    @Override
    public String nameOf(ValidationRuleDefinition definition) {
        return definition.name();
    }

    @Override
    public void validate(ValidationRuleDefinition rule, MetadataContext context, List<Problem> problems) {
        MetadataNames.check(rule.name(), "/name", problems);
        ObjectDefinition object = context.object(rule.object(), "/object", problems);
        if (object == null) {
            return;
        }
        if (rule.field() != null && object.findField(rule.field()).isEmpty()) {
            problems.add(Problem.of("field-unknown", "/field", "object " + object.name() + " has no field '"
                    + rule.field() + "'"));
        }
        if (rule.validFrom() != null && rule.validTo() != null && !rule.validFrom().isBefore(rule.validTo())) {
            problems.add(Problem.of("validity-invalid", "/validTo", "validTo must come after validFrom"));
        }
        ExpressionScope scope = new ExpressionScope(context.app(), object, context::findObject);
        List<Problem> conditionProblems = expressions.check(scope, rule.condition(), ValueType.BOOLEAN, "/condition");
        problems.addAll(conditionProblems);
        if (conditionProblems.isEmpty()) {
            checkExamples(rule, scope, expressions.compile(scope, rule.condition(), ValueType.BOOLEAN), problems);
        }
    }

    /** Each example record is converted by the object's field types, then the condition must say what it says. */
    private static void checkExamples(ValidationRuleDefinition rule, ExpressionScope scope, Expression condition,
            List<Problem> problems) {
        for (int i = 0; i < rule.examples().size(); i++) {
            ValidationRuleDefinition.Example example = rule.examples().get(i);
            String path = "/examples/" + i;
            Map<String, Object> record = new HashMap<>();
            List<Problem> valueProblems = new ArrayList<>();
            for (Map.Entry<String, JsonNode> entry : example.record().properties()) {
                FieldDefinition field = scope.object().findField(entry.getKey()).orElse(null);
                if (field == null) {
                    valueProblems.add(Problem.of("field-unknown", path + "/record/" + entry.getKey(),
                            "object " + scope.object().name() + " has no field '" + entry.getKey() + "'"));
                    continue;
                }
                Object value = ValueConverter.toColumn(field, entry.getValue(), path + "/record/" + entry.getKey(),
                        valueProblems);
                record.put(entry.getKey(), ValueConverter.fromColumn(value));
            }
            if (!valueProblems.isEmpty()) {
                problems.addAll(valueProblems);
                continue;
            }
            try {
                boolean fails = Boolean.TRUE.equals(condition.evaluate(MapRecordContext.of(scope, record, EXAMPLE_USER)));
                if (fails != example.fails()) {
                    problems.add(Problem.of("example-failed", path, "the rule " + (fails ? "refuses" : "accepts")
                            + " this example, which says it " + (example.fails() ? "must be refused" : "must pass")));
                }
            } catch (EvaluationException e) {
                problems.add(Problem.of("example-failed", path, e.problems().getFirst().message()));
            }
        }
    }
}
