package dev.trellis.rule.routing.internal;

import dev.trellis.core.Problem;
import dev.trellis.rule.EvaluationException;
import dev.trellis.rule.Expression;
import dev.trellis.rule.RecordContext;
import dev.trellis.rule.ValueType;
import dev.trellis.rule.routing.Assignee;
import dev.trellis.rule.routing.Decision;
import dev.trellis.rule.routing.DecisionTableDefinition;
import dev.trellis.rule.routing.DecisionTableDefinition.HitPolicy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A decision table checked and compiled: per row, its cells and condition as true/false expressions in the
 * order they are tried, and its outcome's output expressions. Built from a definition that passed {@link
 * DecisionTableKind}'s checks.
 */
public final class CompiledTable {

    /** Compiles an expression over the table's object to the given type (null: any). */
    public interface Compile {
        Expression apply(String source, ValueType type);
    }

    /** A cell or the condition, with its JSON path in the table. */
    private record Test(String path, Expression expression) {
    }

    private record Row(int index, String name, List<Test> tests, Assignee assignee, Map<String, Expression> outputs) {
    }

    private final DecisionTableDefinition definition;
    private final List<Row> rows;
    private final Row otherwise;

    private CompiledTable(DecisionTableDefinition definition, List<Row> rows, Row otherwise) {
        this.definition = definition;
        this.rows = rows;
        this.otherwise = otherwise;
    }

    public static CompiledTable compile(DecisionTableDefinition definition, Compile compile) {
        Map<String, ValueType> outputTypes = outputTypes(definition);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < definition.rows().size(); i++) {
            DecisionTableDefinition.Row row = definition.rows().get(i);
            List<Test> tests = new ArrayList<>();
            for (Map.Entry<String, tools.jackson.databind.JsonNode> cell : row.when().entrySet()) {
                String at = "/rows/" + i + "/when/" + cell.getKey();
                ValueType type = compile.apply(cell.getKey(), null).type();
                List<Problem> problems = new ArrayList<>();
                String source = Cells.expression(cell.getKey(), type, cell.getValue(), at, problems).orElseThrow(
                        () -> new IllegalStateException("a checked cell compiles: " + problems));
                tests.add(new Test(at, compile.apply(source, ValueType.BOOLEAN)));
            }
            if (row.condition() != null) {
                tests.add(new Test("/rows/" + i + "/condition", compile.apply(row.condition(), ValueType.BOOLEAN)));
            }
            rows.add(new Row(i, row.name(), List.copyOf(tests), row.assignee(),
                    outputs(row.outputs(), outputTypes, compile)));
        }
        Row otherwise = definition.otherwise() == null ? null : new Row(-1, null, List.of(),
                definition.otherwise().assignee(), outputs(definition.otherwise().outputs(), outputTypes, compile));
        return new CompiledTable(definition, List.copyOf(rows), otherwise);
    }

    static Map<String, ValueType> outputTypes(DecisionTableDefinition definition) {
        Map<String, ValueType> types = new LinkedHashMap<>();
        for (DecisionTableDefinition.Output output : definition.outputs()) {
            types.put(output.name(), ValueType.valueOf(output.type().toUpperCase()));
        }
        return types;
    }

    private static Map<String, Expression> outputs(Map<String, String> outputs, Map<String, ValueType> types,
            Compile compile) {
        Map<String, Expression> compiled = new LinkedHashMap<>();
        outputs.forEach((name, source) -> compiled.put(name, compile.apply(source, types.get(name))));
        return Collections.unmodifiableMap(compiled);
    }

    public DecisionTableDefinition definition() {
        return definition;
    }

    /** Decides for a record; {@code reads} is what the record context has traced (shown in the decision). */
    public Decision decide(RecordContext record, Map<String, Object> reads) {
        List<Decision.Outcome> outcomes = new ArrayList<>();
        List<Decision.RowTrace> trace = new ArrayList<>();
        for (Row row : rows) {
            String failedAt = null;
            for (Test test : row.tests()) {
                if (!Boolean.TRUE.equals(evaluate(test.path(), test.expression(), record))) {
                    failedAt = test.path();
                    break;
                }
            }
            trace.add(new Decision.RowTrace(row.index(), row.name(), failedAt == null, failedAt));
            if (failedAt == null) {
                outcomes.add(outcome(row, record));
                if (definition.hitPolicy() == HitPolicy.FIRST) {
                    break;
                }
            }
        }
        boolean defaulted = outcomes.isEmpty() && otherwise != null;
        if (defaulted) {
            outcomes.add(outcome(otherwise, record));
        }
        return new Decision(definition.name(), List.copyOf(outcomes), defaulted, List.copyOf(trace),
                Collections.unmodifiableMap(new LinkedHashMap<>(reads)));
    }

    private Decision.Outcome outcome(Row row, RecordContext record) {
        Map<String, Object> values = new LinkedHashMap<>();
        String base = row.index() < 0 ? "/default/outputs/" : "/rows/" + row.index() + "/outputs/";
        row.outputs().forEach((name, expression) -> values.put(name, evaluate(base + name, expression, record)));
        return new Decision.Outcome(row.index() < 0 ? null : row.index(), row.name(), row.assignee(),
                Collections.unmodifiableMap(values));
    }

    private Object evaluate(String path, Expression expression, RecordContext record) {
        try {
            return expression.evaluate(record);
        } catch (EvaluationException e) {
            throw new EvaluationException(path, "decision table " + definition.name() + ", " + path + ": "
                    + e.problems().getFirst().message());
        }
    }
}
