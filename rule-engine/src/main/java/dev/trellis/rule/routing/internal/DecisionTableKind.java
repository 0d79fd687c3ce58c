package dev.trellis.rule.routing.internal;

import dev.trellis.core.Actor;
import dev.trellis.core.Problem;
import dev.trellis.core.access.RoleDefinition;
import dev.trellis.core.metadata.ObjectDefinition;
import dev.trellis.core.metadata.spi.MetadataContext;
import dev.trellis.core.metadata.spi.MetadataKind;
import dev.trellis.core.metadata.spi.MetadataNames;
import dev.trellis.rule.ExpressionScope;
import dev.trellis.rule.ExpressionService;
import dev.trellis.rule.ValueType;
import dev.trellis.rule.routing.Assignee;
import dev.trellis.rule.routing.DecisionTableDefinition;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The {@code decision_table} kind: the object must exist; each cell must name a field path of it and give
 * values of the field's type; conditions must check as true/false; outputs must be declared and give their
 * type; roles must exist; there must be a default or an explicit {@code allowNoMatch}; and every example
 * must come out as it says.
 */
public final class DecisionTableKind implements MetadataKind<DecisionTableDefinition> {

    public static final String NAME = "decision_table";

    private final ExpressionService expressions;

    public DecisionTableKind(ExpressionService expressions) {
        this.expressions = expressions;
    }

    @Override
    public String name() {
        return NAME;
    }


    @Override
    public Class<DecisionTableDefinition> type() {
        return DecisionTableDefinition.class;
    }

    @Override
    public String nameOf(DecisionTableDefinition definition) {
        return definition.name();
    }

    @Override
    public void validate(DecisionTableDefinition table, MetadataContext context, List<Problem> problems) {
        MetadataNames.check(table.name(), "/name", problems);
        if (table.validFrom() != null && table.validTo() != null && !table.validFrom().isBefore(table.validTo())) {
            problems.add(Problem.of("validity-invalid", "/validTo", "validTo must come after validFrom"));
        }
        if (table.otherwise() == null && !table.allowNoMatch()) {
            problems.add(Problem.of("default-missing", "/default", "a decision table needs a default outcome for "
                    + "records no row matches, or \"allowNoMatch\": true to say that no match is a valid answer"));
        } else if (table.otherwise() != null && table.allowNoMatch()) {
            problems.add(Problem.of("default-conflict", "/allowNoMatch", "the table has a default outcome, so a "
                    + "record always gets one; remove allowNoMatch or the default"));
        }
        Map<String, ValueType> outputTypes = checkOutputs(table, problems);
        ObjectDefinition object = context.object(table.object(), "/object", problems);
        if (object == null) {
            return;
        }
        ExpressionScope scope = new ExpressionScope(context.app(), object, context::findObject);
        int before = problems.size();
        for (int i = 0; i < table.rows().size(); i++) {
            DecisionTableDefinition.Row row = table.rows().get(i);
            String path = "/rows/" + i;
            for (Map.Entry<String, JsonNode> cell : row.when().entrySet()) {
                checkCell(scope, cell.getKey(), cell.getValue(), path + "/when/" + cell.getKey(), problems);
            }
            if (row.condition() != null) {
                problems.addAll(expressions.check(scope, row.condition(), ValueType.BOOLEAN, path + "/condition"));
            }
            checkAssignee(row.assignee(), path + "/assignee", context, problems);
            checkOutputValues(scope, row.outputs(), outputTypes, path + "/outputs", problems);
        }
        if (table.otherwise() != null) {
            checkAssignee(table.otherwise().assignee(), "/default/assignee", context, problems);
            checkOutputValues(scope, table.otherwise().outputs(), outputTypes, "/default/outputs", problems);
        }
        if (problems.size() == before && problems.stream().noneMatch(p -> p.path().startsWith("/outputs"))) {
            CompiledTable compiled = CompiledTable.compile(table, (source, type) -> expressions.compile(scope, source,
                    type));
            DecisionExamples.check(compiled, scope, problems);
        }
    }

    private static Map<String, ValueType> checkOutputs(DecisionTableDefinition table, List<Problem> problems) {
        Map<String, ValueType> types = new java.util.LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < table.outputs().size(); i++) {
            DecisionTableDefinition.Output output = table.outputs().get(i);
            MetadataNames.check(output.name(), "/outputs/" + i + "/name", problems);
            if (!seen.add(output.name())) {
                problems.add(Problem.of("output-duplicate", "/outputs/" + i + "/name", "output '" + output.name()
                        + "' is declared twice"));
            }
            if (output.name().equals("assignee")) {
                problems.add(Problem.of("output-reserved", "/outputs/" + i + "/name", "'assignee' is every outcome's "
                        + "own; name the output otherwise"));
            }
            try {
                types.put(output.name(), ValueType.valueOf(output.type().toUpperCase()));
            } catch (IllegalArgumentException | NullPointerException e) {
                problems.add(Problem.of("output-type-unknown", "/outputs/" + i + "/type", "an output's type is one of "
                        + java.util.Arrays.stream(ValueType.values()).map(ValueType::jsonName).toList()));
            }
        }
        return types;
    }

    private void checkCell(ExpressionScope scope, String key, JsonNode cell, String at, List<Problem> problems) {
        if (!Cells.PATH.matcher(key).matches()) {
            problems.add(Problem.of("cell-path-invalid", at, "a cell is keyed by a field or a path through lookups "
                    + "(partner.region), not '" + key + "'"));
            return;
        }
        List<Problem> pathProblems = expressions.check(scope, key, null, at);
        if (!pathProblems.isEmpty()) {
            problems.addAll(pathProblems);
            return;
        }
        ValueType type = expressions.compile(scope, key, null).type();
        Cells.expression(key, type, cell, at, problems)
                .ifPresent(source -> problems.addAll(expressions.check(scope, source, ValueType.BOOLEAN, at)));
    }

    private static void checkAssignee(Assignee assignee, String path, MetadataContext context, List<Problem> problems) {
        if (assignee != null && assignee.role() != null && !assignee.role().equals(Actor.ADMIN_ROLE)
                && context.find("role", assignee.role(), RoleDefinition.class).isEmpty()) {
            problems.add(Problem.of("role-unknown", path + "/role", "app '" + context.app() + "' has no role '"
                    + assignee.role() + "'"));
        }
        // users and departments are installation data, not metadata: a package carries tables to installations
        // whose ids and codes differ, so they are not checked here
    }

    private void checkOutputValues(ExpressionScope scope, Map<String, String> outputs, Map<String, ValueType> types,
            String path, List<Problem> problems) {
        outputs.forEach((name, source) -> {
            if (!types.containsKey(name)) {
                problems.add(Problem.of("output-unknown", path + "/" + name, "the table declares no output '" + name
                        + "'; declare it under outputs with its type"));
                return;
            }
            problems.addAll(expressions.check(scope, source, types.get(name), path + "/" + name));
        });
    }
}
