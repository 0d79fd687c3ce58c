package dev.trellis.rule.trigger.internal;

import dev.trellis.core.metadata.FieldDefinition;
import dev.trellis.core.metadata.ObjectDefinition;
import dev.trellis.core.record.RecordAction;
import dev.trellis.rule.Expression;
import dev.trellis.rule.RecordContext;
import dev.trellis.rule.ValueType;
import dev.trellis.rule.trigger.TriggerDefinition;
import dev.trellis.rule.trigger.TriggerDefinition.Action;
import dev.trellis.rule.trigger.TriggerDefinition.Recipient;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A trigger checked and compiled: its condition and every value its actions compute, as compiled
 * expressions, with the fields they go into. Built from a definition that passed {@link TriggerKind}'s
 * checks; the listener keeps one per published generation, examples and test runs compile their own.
 */
public final class CompiledTrigger {

    /** Compiles an expression over the trigger's object to the given type (null: any). */
    public interface Compile {
        Expression apply(String source, ValueType type);
    }

    /** A computed value of a field. */
    record FieldValue(FieldDefinition field, Expression expression) {
    }

    sealed interface Step {
        Action action();
    }

    record SetFields(Action action, List<FieldValue> values) implements Step {
    }

    record CreateRecord(Action action, String object, List<FieldValue> values) implements Step {
    }

    record Notify(Action action, List<Recipient> recipients, Expression title, Expression body) implements Step {
    }

    record Webhook(Action action, String url, String secret, List<String> fields) implements Step {
    }

    record StartFlow(Action action, String flow, Map<String, Expression> variables) implements Step {
    }

    private final TriggerDefinition definition;
    private final Expression condition;
    private final List<Step> steps;

    private CompiledTrigger(TriggerDefinition definition, Expression condition, List<Step> steps) {
        this.definition = definition;
        this.condition = condition;
        this.steps = steps;
    }

    /** Compiles a definition that checked; {@code objects} finds the objects it creates records of. */
    public static CompiledTrigger compile(TriggerDefinition definition, ObjectDefinition object,
            Function<String, Optional<ObjectDefinition>> objects, Compile compile) {
        Expression condition = definition.condition() == null ? null
                : compile.apply(definition.condition(), ValueType.BOOLEAN);
        List<Step> steps = new ArrayList<>();
        for (Action action : definition.actions()) {
            steps.add(switch (action) {
                case TriggerDefinition.SetFields a -> new SetFields(a, values(object, a.values(), compile));
                case TriggerDefinition.CreateRecord a -> new CreateRecord(a, a.object(),
                        values(objects.apply(a.object()).orElseThrow(), a.values(), compile));
                case TriggerDefinition.Notify a -> new Notify(a, a.recipients(), compile.apply(a.title(), ValueType.TEXT),
                        a.body() == null ? null : compile.apply(a.body(), ValueType.TEXT));
                case TriggerDefinition.Webhook a -> new Webhook(a, a.url(), a.secret(), a.fields());
                case TriggerDefinition.StartFlow a -> {
                    Map<String, Expression> variables = new LinkedHashMap<>();
                    a.variables().forEach((name, source) -> variables.put(name, compile.apply(source, null)));
                    yield new StartFlow(a, a.flow(), Collections.unmodifiableMap(variables));
                }
            });
        }
        return new CompiledTrigger(definition, condition, List.copyOf(steps));
    }

    private static List<FieldValue> values(ObjectDefinition target, Map<String, String> values, Compile compile) {
        List<FieldValue> compiled = new ArrayList<>();
        values.forEach((name, source) -> {
            FieldDefinition field = FieldValues.settable(target, name).orElseThrow();
            compiled.add(new FieldValue(field, compile.apply(source, ValueType.of(field.type()))));
        });
        return List.copyOf(compiled);
    }

    public TriggerDefinition definition() {
        return definition;
    }

    public String name() {
        return definition.name();
    }

    List<Step> steps() {
        return steps;
    }

    public boolean handles(RecordAction action) {
        return definition.events().contains(action);
    }

    /** Whether the condition holds for the record (a trigger without a condition always fires). */
    public boolean fires(RecordContext record) {
        return condition == null || Boolean.TRUE.equals(condition.evaluate(record));
    }

    /** The values of a list of field values for the record, by field name, in the order written. */
    static Map<String, Object> evaluate(List<FieldValue> values, RecordContext record) {
        Map<String, Object> result = new LinkedHashMap<>();
        for (FieldValue value : values) {
            result.put(value.field().name(), value.expression().evaluate(record));
        }
        return result;
    }

    /**
     * What the trigger's set-fields actions would set on the record, without writing: each action sees the
     * values the earlier ones set, as it does when the trigger runs. Empty when the trigger does not fire.
     */
    public Optional<Map<String, Object>> trial(Map<String, Object> record, Function<Map<String, Object>,
            RecordContext> context) {
        if (!fires(context.apply(record))) {
            return Optional.empty();
        }
        Map<String, Object> current = new LinkedHashMap<>(record);
        Map<String, Object> sets = new LinkedHashMap<>();
        for (Step step : steps) {
            if (step instanceof SetFields s) {
                Map<String, Object> values = evaluate(s.values(), context.apply(current));
                current.putAll(values);
                sets.putAll(values);
            }
        }
        return Optional.of(sets);
    }
}
