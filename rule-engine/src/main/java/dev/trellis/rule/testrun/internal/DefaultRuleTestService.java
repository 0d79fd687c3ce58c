package dev.trellis.rule.testrun.internal;

import dev.trellis.core.Actor;
import dev.trellis.core.ForbiddenException;
import dev.trellis.core.InvalidException;
import dev.trellis.core.NotFoundException;
import dev.trellis.core.Problem;
import dev.trellis.core.json.Json;
import dev.trellis.core.metadata.MetadataService;
import dev.trellis.core.metadata.MetadataVersion;
import dev.trellis.core.metadata.PublishedApp;
import dev.trellis.core.record.RecordService;
import dev.trellis.rule.Expression;
import dev.trellis.rule.ExpressionScope;
import dev.trellis.rule.ExpressionService;
import dev.trellis.rule.MapRecordContext;
import dev.trellis.rule.RecordContext;
import dev.trellis.rule.ValidationRuleDefinition;
import dev.trellis.rule.internal.ValidationRuleKind;
import dev.trellis.rule.routing.DecisionTableDefinition;
import dev.trellis.rule.routing.internal.CompiledTable;
import dev.trellis.rule.routing.internal.DecisionTableKind;
import dev.trellis.rule.testrun.RuleTestService;
import dev.trellis.rule.testrun.SampleInput;
import dev.trellis.rule.testrun.SampleRecord;
import dev.trellis.rule.testrun.TestRun;
import dev.trellis.rule.testrun.TracingContext;
import dev.trellis.rule.trigger.TriggerDefinition;
import dev.trellis.rule.trigger.internal.CompiledTrigger;
import dev.trellis.rule.trigger.internal.TriggerKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** Test runs over the published objects, with rules as their latest versions. */
public final class DefaultRuleTestService implements RuleTestService {

    private final MetadataService metadata;
    private final RecordService records;
    private final ExpressionService expressions;

    public DefaultRuleTestService(MetadataService metadata, RecordService records, ExpressionService expressions) {
        this.metadata = metadata;
        this.records = records;
        this.expressions = expressions;
    }

    /** The record to test against, as values before and after, each read as the actor may read it. */
    private record Sample(ExpressionScope scope, Map<String, Object> values, Map<String, Object> prior,
            Actor actor, java.util.function.BiFunction<String, Long, Map<String, Object>> related) {

        RecordContext context(Map<String, Object> values, Map<String, Object> reads) {
            return new TracingContext(new MapRecordContext(scope, values, prior, actor, related), reads);
        }
    }

    @Override
    public TestRun evaluate(Actor actor, String app, String object, String expression, SampleInput input) {
        PublishedApp published = metadata.published(app);
        Sample sample = sample(actor, published, object, input);
        Expression compiled = expressions.compile(sample.scope(), expression, null);
        Map<String, Object> reads = new LinkedHashMap<>();
        Object value = compiled.evaluate(sample.context(sample.values(), reads));
        return new TestRun(value, compiled.type().jsonName(), reads);
    }

    @Override
    public TestRun evaluateRule(Actor actor, String app, String kind, String rule, SampleInput input) {
        PublishedApp published = metadata.published(app);
        MetadataVersion latest = metadata.getLatest(app, kind, rule);
        if (latest.deleted() || latest.body() == null) {
            throw new NotFoundException("rule-not-found", kind + " '" + rule + "' is deleted in the draft");
        }
        List<Problem> problems = metadata.validate(app, kind, rule, latest.body()).stream()
                .filter(p -> !p.path().startsWith("/examples")).toList();
        if (!problems.isEmpty()) {
            throw new InvalidException(kind + " '" + rule + "' has problems; fix them before testing it", problems);
        }
        Map<String, Object> reads = new LinkedHashMap<>();
        return switch (kind) {
            case ValidationRuleKind.NAME -> {
                ValidationRuleDefinition definition = Json.MAPPER.treeToValue(latest.body(), ValidationRuleDefinition.class);
                Sample sample = sample(actor, published, definition.object(), input);
                Expression condition = expressions.compile(sample.scope(), definition.condition(),
                        dev.trellis.rule.ValueType.BOOLEAN);
                boolean refuses = Boolean.TRUE.equals(condition.evaluate(sample.context(sample.values(), reads)));
                Map<String, Object> value = new LinkedHashMap<>();
                value.put("refuses", refuses);
                value.put("message", refuses ? definition.message() : null);
                value.put("field", refuses ? definition.field() : null);
                yield new TestRun(value, kind, reads);
            }
            case TriggerKind.NAME -> {
                TriggerDefinition definition = Json.MAPPER.treeToValue(latest.body(), TriggerDefinition.class);
                Sample sample = sample(actor, published, definition.object(), input);
                CompiledTrigger trigger = CompiledTrigger.compile(definition, sample.scope().object(),
                        published::findObject, (source, type) -> expressions.compile(sample.scope(), source, type));
                Function<Map<String, Object>, RecordContext> context = values -> sample.context(values, reads);
                Optional<Map<String, Object>> sets = trigger.trial(sample.values(), context);
                Map<String, Object> value = new LinkedHashMap<>();
                value.put("fires", sets.isPresent());
                value.put("sets", sets.orElse(Map.of()));
                yield new TestRun(value, kind, reads);
            }
            case DecisionTableKind.NAME -> {
                DecisionTableDefinition definition = Json.MAPPER.treeToValue(latest.body(), DecisionTableDefinition.class);
                Sample sample = sample(actor, published, definition.object(), input);
                CompiledTable table = CompiledTable.compile(definition,
                        (source, type) -> expressions.compile(sample.scope(), source, type));
                yield new TestRun(table.decide(sample.context(sample.values(), reads), reads), kind, reads);
            }
            default -> throw InvalidException.of("rule-kind-untestable", "/kind", "test runs cover "
                    + List.of(ValidationRuleKind.NAME, TriggerKind.NAME, DecisionTableKind.NAME) + ", not '" + kind + "'");
        };
    }

    private Sample sample(Actor actor, PublishedApp app, String object, SampleInput input) {
        ExpressionScope scope = ExpressionScope.of(app, object);
        List<Problem> problems = new ArrayList<>();
        Map<String, Object> values;
        Map<String, Object> prior = null;
        if (input.recordId() != null) {
            Map<String, Object> stored = records.get(actor, app.name(), object, input.recordId(), Set.of());
            values = new LinkedHashMap<>(stored);
            if (input.values() != null) {
                values.putAll(SampleRecord.read(scope.object(), input.values(), "/values", problems));
                prior = stored;
            }
        } else {
            values = SampleRecord.read(scope.object(), input.values(), "/values", problems);
            if (input.prior() != null) {
                prior = new LinkedHashMap<>(values);
                prior.putAll(SampleRecord.read(scope.object(), input.prior(), "/prior", problems));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidException(problems);
        }
        return new Sample(scope, values, prior, actor, (target, id) -> {
            try {
                return records.get(actor, app.name(), target, id, Set.of());
            } catch (NotFoundException | ForbiddenException e) {
                return null; // what the actor may not read reads as blank
            }
        });
    }
}
