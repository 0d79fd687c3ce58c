package dev.trellis.rule.internal;

import dev.trellis.core.Actor;
import dev.trellis.core.Problem;
import dev.trellis.core.metadata.FieldDefinition;
import dev.trellis.core.metadata.ObjectDefinition;
import dev.trellis.core.metadata.PublishedApp;
import dev.trellis.core.metadata.spi.MetadataContext;
import dev.trellis.core.metadata.spi.ObjectCheck;
import dev.trellis.core.record.spi.RecordComputer;
import dev.trellis.rule.EvaluationException;
import dev.trellis.rule.ExpressionScope;
import dev.trellis.rule.ExpressionService;
import dev.trellis.rule.MapRecordContext;
import dev.trellis.rule.ValueType;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Formula fields: checked with the object (the expression must give the field's type), and computed by
 * the record service before every write, in field order — a formula sees the formulas above it already
 * computed. The value is stored, so formulas filter, sort and report in SQL; a formula that reads
 * through a lookup is recomputed when its own record is written, not when the looked-up record changes.
 */
public final class FormulaFields implements ObjectCheck, RecordComputer {

    private final ExpressionService expressions;

    public FormulaFields(ExpressionService expressions) {
        this.expressions = expressions;
    }

    @Override
    public boolean checksFormulas() {
        return true;
    }

    @Override
    public void validate(ObjectDefinition object, MetadataContext context, List<Problem> problems) {
        ExpressionScope scope = new ExpressionScope(context.app(), object, context::findObject);
        for (int i = 0; i < object.fields().size(); i++) {
            FieldDefinition field = object.fields().get(i);
            if (field == null || field.formula() == null || field.type() == null || field.rollup() != null) {
                continue;
            }
            ValueType type = ValueType.of(field.type());
            if (type == null || field.type().isReference()) {
                continue; // the object check says this type cannot be computed
            }
            problems.addAll(expressions.check(scope, field.formula(), type, "/fields/" + i + "/formula"));
        }
    }

    private record FormulasKey(String object) {
    }

    private static List<FieldDefinition> formulasOf(PublishedApp app, String object) {
        return app.compiled(new FormulasKey(object), p -> p.getObject(object).fields().stream()
                .filter(f -> f.formula() != null).toList());
    }

    @Override
    public boolean appliesTo(PublishedApp app, String object) {
        return !formulasOf(app, object).isEmpty();
    }

    @Override
    public void compute(Actor actor, PublishedApp app, String object, Map<String, Object> after,
            Map<String, Object> before, BiFunction<String, Long, Map<String, Object>> related, List<Problem> problems) {
        MapRecordContext record = new MapRecordContext(ExpressionScope.of(app, object), after, before, actor, related);
        for (FieldDefinition field : formulasOf(app, object)) {
            try {
                after.put(field.name(), expressions.compiled(app, object, field.formula(), ValueType.of(field.type()))
                        .evaluate(record));
            } catch (EvaluationException e) {
                problems.add(Problem.of("formula-failed", "/" + field.name(), "formula " + field.name() + ": "
                        + e.problems().getFirst().message()));
            }
        }
    }
}
