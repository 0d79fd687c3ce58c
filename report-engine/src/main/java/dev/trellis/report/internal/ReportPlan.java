package dev.trellis.report.internal;

import dev.trellis.core.Problem;
import dev.trellis.core.metadata.FieldDefinition;
import dev.trellis.core.metadata.FieldType;
import dev.trellis.core.metadata.ObjectDefinition;
import dev.trellis.core.record.Filter;
import dev.trellis.core.record.FilterConditions;
import dev.trellis.core.storage.ObjectTable;
import dev.trellis.report.ReportColumn;
import dev.trellis.report.ReportDefinition;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * A report definition resolved against the app's objects, independent of who runs it: every field path
 * resolved to the object and column holding it, each grouping, aggregate and formula typed, the filters
 * parsed. Planning collects every problem with its JSON path; that is the report kind's save-time
 * validation. Published reports are planned once per generation; {@link ReportStatements} turns a plan,
 * a viewer's read scopes and parameter values into SQL.
 */
final class ReportPlan {

    static final Set<String> BUCKETS = Set.of("day", "week", "month", "quarter", "year");

    record Grouping(String name, SourceRows.Resolved field, String bucket, boolean onColumns,
            Map<String, String> label) {

        String type() {
            return bucket != null ? "date" : typeOf(field.definition().type());
        }
    }

    record Aggregate(String name, String function, SourceRows.Resolved field, Map<String, String> label,
            String format) {

        String type() {
            return switch (function) {
                case "count", "count_distinct" -> "integer";
                case "avg" -> "decimal";
                case "sum" -> field.definition().type() == FieldType.INTEGER ? "integer" : "decimal";
                default -> typeOf(field.definition().type());
            };
        }
    }

    final ReportDefinition definition;
    final SourceRows rows;
    final Filter filter;
    final Filter having;
    final List<Grouping> groupings = new ArrayList<>();
    final List<Grouping> drillLevels = new ArrayList<>();
    final List<Aggregate> aggregates = new ArrayList<>();
    final List<SourceRows.Resolved> columns = new ArrayList<>();
    /** Where each path is first used, for naming it when a viewer may not see it. */
    final Map<String, String> usedAt = new LinkedHashMap<>();
    final ObjectTable rowTable;

    private ReportPlan(ReportDefinition definition, SourceRows rows, Filter filter, Filter having) {
        this.definition = definition;
        this.rows = rows;
        this.filter = filter;
        this.having = having;
        this.rowTable = rows.rowTable();
    }

    /** The plan of a report, or null after adding problems (every one found). */
    static ReportPlan plan(String app, ReportDefinition report, Function<String, Optional<ObjectDefinition>> objects,
            LocalDate today, List<Problem> problems) {
        ObjectDefinition source = report.object() == null ? null : objects.apply(report.object()).orElse(null);
        if (source == null) {
            problems.add(Problem.of("object-unknown", "/object", "app '" + app + "' has no object named '"
                    + report.object() + "'"));
            return null;
        }
        int before = problems.size();
        SourceRows rows = new SourceRows(app, source, objects);
        Map<String, String> usedAt = new LinkedHashMap<>();
        Filter filter = parseFilter(report.filter(), "/filter", problems);
        if (filter != null) {
            fieldsOf(filter, (field, path) -> resolve(rows, field, path, usedAt, problems));
        }
        Filter having = parseFilter(report.having(), "/having", problems);
        List<Grouping> groupings = groupings(rows, report.groupings(), "/groupings", usedAt, problems);
        List<Grouping> drillLevels = groupings(rows, report.drillLevels(), "/drillLevels", usedAt, problems);
        List<Aggregate> aggregates = aggregates(rows, report, usedAt, problems);
        List<SourceRows.Resolved> columns = new ArrayList<>();
        for (int i = 0; i < report.columns().size(); i++) {
            resolve(rows, report.columns().get(i).field(), "/columns/" + i + "/field", usedAt, problems)
                    .ifPresent(columns::add);
        }
        ReportPlan plan = new ReportPlan(report, rows, filter, having);
        plan.groupings.addAll(groupings);
        plan.drillLevels.addAll(drillLevels);
        plan.aggregates.addAll(aggregates);
        plan.columns.addAll(columns);
        plan.usedAt.putAll(usedAt);
        plan.checkNames(problems);
        plan.checkFormulas(problems);
        plan.checkFilters(today, problems);
        return problems.size() == before ? plan : null;
    }

    private static Filter parseFilter(JsonNode json, String path, List<Problem> problems) {
        return json == null ? null : Filter.parse(json, path, problems);
    }

    private static Optional<SourceRows.Resolved> resolve(SourceRows rows, String field, String path,
            Map<String, String> usedAt, List<Problem> problems) {
        Optional<SourceRows.Resolved> resolved = rows.resolve(field, path, problems);
        resolved.ifPresent(r -> usedAt.putIfAbsent(r.path(), path));
        return resolved;
    }

    private static List<Grouping> groupings(SourceRows rows, List<ReportDefinition.Grouping> defined, String base,
            Map<String, String> usedAt, List<Problem> problems) {
        List<Grouping> groupings = new ArrayList<>();
        for (int i = 0; i < defined.size(); i++) {
            ReportDefinition.Grouping g = defined.get(i);
            String path = base + "/" + i;
            SourceRows.Resolved field = resolve(rows, g.field(), path + "/field", usedAt, problems).orElse(null);
            if (field == null) {
                continue;
            }
            FieldType type = field.definition().type();
            boolean dated = type == FieldType.DATE || type == FieldType.DATETIME;
            if (type == FieldType.JSON || type == FieldType.MULTI_PICKLIST || type == FieldType.LONG_TEXT) {
                problems.add(Problem.of("report-grouping-type", path + "/field", "a " + type.jsonName()
                        + " field cannot be grouped by"));
            } else if (g.bucket() != null && !dated) {
                problems.add(Problem.of("report-bucket-invalid", path + "/bucket", "only date and datetime fields are"
                        + " bucketed; " + g.field() + " is a " + type.jsonName() + " field"));
            } else {
                // a datetime is always bucketed (by day unless said otherwise): grouping by the instant makes no sense
                String bucket = g.bucket() != null ? g.bucket() : type == FieldType.DATETIME ? "day" : null;
                groupings.add(new Grouping(g.name(), field, bucket, g.onColumns(), g.label()));
            }
        }
        return groupings;
    }

    private static List<Aggregate> aggregates(SourceRows rows, ReportDefinition report, Map<String, String> usedAt,
            List<Problem> problems) {
        List<Aggregate> aggregates = new ArrayList<>();
        for (int i = 0; i < report.aggregates().size(); i++) {
            ReportDefinition.Aggregate a = report.aggregates().get(i);
            String path = "/aggregates/" + i;
            if (a.field() == null) {
                if (!"count".equals(a.function())) {
                    problems.add(Problem.of("report-aggregate-field-missing", path + "/field", a.function()
                            + " needs a field"));
                } else {
                    aggregates.add(new Aggregate(a.name(), a.function(), null, a.label(), a.format()));
                }
                continue;
            }
            SourceRows.Resolved field = resolve(rows, a.field(), path + "/field", usedAt, problems).orElse(null);
            if (field == null) {
                continue;
            }
            FieldType type = field.definition().type();
            boolean fits = switch (a.function()) {
                case "sum", "avg" -> type.isNumeric();
                case "min", "max" -> type.isNumeric() || type == FieldType.DATE || type == FieldType.DATETIME;
                default -> type != FieldType.JSON && type != FieldType.MULTI_PICKLIST;
            };
            if (!fits) {
                problems.add(new Problem("report-aggregate-type", path + "/field", a.function() + " does not apply to "
                        + a.field() + ", a " + type.jsonName() + " field", Map.of("function", a.function(),
                        "type", type.jsonName())));
                continue;
            }
            aggregates.add(new Aggregate(a.name(), a.function(), field, a.label(), a.format()));
        }
        return aggregates;
    }

    private void checkNames(List<Problem> problems) {
        Map<String, String> seen = new LinkedHashMap<>();
        name(seen, definition.groupings().stream().map(ReportDefinition.Grouping::name).toList(), "/groupings", problems);
        name(seen, definition.drillLevels().stream().map(ReportDefinition.Grouping::name).toList(), "/drillLevels",
                problems);
        name(seen, definition.aggregates().stream().map(ReportDefinition.Aggregate::name).toList(), "/aggregates",
                problems);
        name(seen, definition.formulas().stream().map(ReportDefinition.Formula::name).toList(), "/formulas", problems);
        Set<String> parameters = new java.util.HashSet<>();
        for (int i = 0; i < definition.parameters().size(); i++) {
            if (!parameters.add(definition.parameters().get(i).name())) {
                problems.add(Problem.of("report-name-duplicate", "/parameters/" + i + "/name", "parameter "
                        + definition.parameters().get(i).name() + " is declared twice"));
            }
        }
        Set<String> outputs = outputNames();
        for (int i = 0; i < definition.sort().size(); i++) {
            if (!outputs.contains(definition.sort().get(i).by())) {
                problems.add(Problem.of("report-sort-unknown", "/sort/" + i + "/by", "sort by one of " + outputs));
            }
        }
    }

    private static void name(Map<String, String> seen, List<String> names, String base, List<Problem> problems) {
        for (int i = 0; i < names.size(); i++) {
            String previous = seen.putIfAbsent(names.get(i), base + "/" + i);
            if (previous != null) {
                problems.add(Problem.of("report-name-duplicate", base + "/" + i + "/name", "'" + names.get(i)
                        + "' already names " + previous));
            }
        }
    }

    /** Grouping, aggregate and formula names: what sort and having may name. */
    Set<String> outputNames() {
        Set<String> names = new java.util.LinkedHashSet<>();
        definition.groupings().forEach(g -> names.add(g.name()));
        definition.aggregates().forEach(a -> names.add(a.name()));
        definition.formulas().forEach(f -> names.add(f.name()));
        return names;
    }

    private void checkFormulas(List<Problem> problems) {
        Set<String> aggregateNames = definition.aggregates().stream().map(ReportDefinition.Aggregate::name)
                .collect(Collectors.toSet());
        for (int i = 0; i < definition.formulas().size(); i++) {
            ReportDefinition.Formula f = definition.formulas().get(i);
            String path = "/formulas/" + i;
            int arity = switch (f.op()) {
                case "ratio", "difference" -> 2;
                default -> 1;
            };
            if (f.of().size() != arity) {
                problems.add(Problem.of("report-formula-arity", path + "/of", f.op() + " takes " + arity
                        + (arity == 1 ? " aggregate" : " aggregates")));
            }
            for (int j = 0; j < f.of().size(); j++) {
                if (!aggregateNames.contains(f.of().get(j))) {
                    problems.add(Problem.of("report-formula-unknown", path + "/of/" + j, "'" + f.of().get(j)
                            + "' is not an aggregate of this report; it has " + aggregateNames));
                }
            }
            if ("growth".equals(f.op())) {
                Grouping over = groupings.stream().filter(g -> g.name().equals(f.over())).findFirst().orElse(null);
                if (over == null || over.bucket() == null) {
                    problems.add(Problem.of("report-formula-over", path + "/over", "growth is measured over a"
                            + " bucketed date grouping of the report"));
                }
            } else if (f.over() != null) {
                problems.add(Problem.of("report-formula-over", path + "/over", "only growth is measured over a grouping"));
            }
        }
    }

    /**
     * Filters compile against the rows with, for each parameter a condition uses, a sample value that fits the
     * condition's field (a picklist's first value, a number, today), so a bad operator or a literal of the wrong
     * kind shows now; a parameter whose type cannot serve its field is a problem at the condition's value.
     */
    private void checkFilters(LocalDate today, List<Problem> problems) {
        Map<String, ReportDefinition.Parameter> declared = new LinkedHashMap<>();
        for (int i = 0; i < definition.parameters().size(); i++) {
            ReportDefinition.Parameter p = definition.parameters().get(i);
            declared.put(p.name(), p);
            if (p.defaultValue() != null) {
                Parameters.check(p, p.defaultValue(), today, "/parameters/" + i + "/defaultValue", problems);
            }
        }
        if (filter != null) {
            Filter sampled = sample(filter, rowTable, declared, today, problems);
            if (sampled != null) {
                // the fields were resolved already: their problems are not repeated
                List<Problem> found = new ArrayList<>();
                FilterConditions.compile(rowTable, sampled, found);
                found.stream().filter(p -> problems.stream().noneMatch(q -> q.code().equals(p.code())
                        && q.path().equals(p.path()))).forEach(problems::add);
            }
        }
        if (having != null) {
            ObjectTable measures = measureTable();
            Filter sampled = sample(having, measures, declared, today, problems);
            if (sampled != null) {
                FilterConditions.compile(measures, sampled, problems);
            }
        }
    }

    private static Filter sample(Filter filter, ObjectTable table, Map<String, ReportDefinition.Parameter> declared,
            LocalDate today, List<Problem> problems) {
        return switch (filter) {
            case Filter.And and -> new Filter.And(and.filters().stream()
                    .map(f -> sample(f, table, declared, today, problems)).filter(java.util.Objects::nonNull).toList(),
                    and.path());
            case Filter.Or or -> new Filter.Or(or.filters().stream()
                    .map(f -> sample(f, table, declared, today, problems)).filter(java.util.Objects::nonNull).toList(),
                    or.path());
            case Filter.Condition c -> {
                if (c.value() == null || !c.value().isObject() || !c.value().has(Parameters.PARAM)) {
                    yield c;
                }
                String name = c.value().get(Parameters.PARAM).asString();
                ReportDefinition.Parameter p = declared.get(name);
                if (p == null) {
                    problems.add(Problem.of("report-parameter-unknown", c.path() + "/value",
                            "the report declares no parameter '" + name + "'"));
                    yield null;
                }
                FieldDefinition field = table.findColumn(c.field()).map(ObjectTable.Column::definition).orElse(null);
                if (field == null) {
                    yield c; // the compiler names the unknown field
                }
                JsonNode value = sampleOf(p, field, today);
                if (value == null) {
                    problems.add(Problem.of("report-parameter-type", c.path() + "/value", "parameter " + name + " ("
                            + p.type() + ") cannot be compared with " + c.field() + " (" + field.type().jsonName() + ")"));
                    yield null;
                }
                if (c.op() == Filter.Operator.IN && !value.isArray()) {
                    value = dev.trellis.core.json.Json.MAPPER.createArrayNode().add(value);
                } else if (c.op() == Filter.Operator.BETWEEN && !value.isArray()) {
                    value = dev.trellis.core.json.Json.MAPPER.createArrayNode().add(value).add(value);
                }
                yield new Filter.Condition(c.field(), c.op(), value, c.path());
            }
        };
    }

    /** A value of the parameter's type that the field accepts, or null when the two do not go together. */
    private static JsonNode sampleOf(ReportDefinition.Parameter p, FieldDefinition field, LocalDate today) {
        var nodes = dev.trellis.core.json.Json.MAPPER.getNodeFactory();
        FieldType type = field.type();
        boolean dated = type == FieldType.DATE || type == FieldType.DATETIME;
        return switch (p.type()) {
            case "number" -> type.isNumeric() || type.isReference() ? nodes.numberNode(1) : null;
            case "boolean" -> type == FieldType.BOOLEAN ? nodes.booleanNode(true) : null;
            case "date", "period" -> !dated ? null : type == FieldType.DATE ? nodes.stringNode(today.toString())
                    : nodes.stringNode(today + "T00:00:00Z");
            default -> !type.isTextual() ? null : field.values().isEmpty() ? nodes.stringNode("x")
                    : nodes.stringNode(field.values().getFirst().value());
        };
    }

    /** The result rows (groupings, aggregates, formulas) as an object, for compiling {@code having}. */
    ObjectTable measureTable() {
        List<FieldDefinition> fields = new ArrayList<>();
        for (Grouping g : groupings) {
            FieldDefinition d = g.field().definition();
            fields.add(g.bucket() != null ? synthetic(g.name(), FieldType.DATE) : new FieldDefinition(g.name(),
                    d.type(), null, null, false, false, null, d.maxLength(), d.precision(), d.scale(), d.values(),
                    d.target(), null, false, null, null));
        }
        for (Aggregate a : aggregates) {
            fields.add(synthetic(a.name(), "integer".equals(a.type()) ? FieldType.INTEGER
                    : "decimal".equals(a.type()) ? FieldType.DECIMAL : a.field().definition().type()));
        }
        definition.formulas().forEach(f -> fields.add(synthetic(f.name(), FieldType.DECIMAL)));
        return new ObjectTable(rows.root().table.app(), new ObjectDefinition("report_result", null, null, null, null,
                fields, null, null));
    }

    private static FieldDefinition synthetic(String name, FieldType type) {
        return new FieldDefinition(name, type, null, null, false, false, null, null, null, null, null, null, null,
                false, null, null);
    }

    /** Every field a filter names, with the path of its condition's field. */
    static void fieldsOf(Filter filter, java.util.function.BiConsumer<String, String> fieldAndPath) {
        switch (filter) {
            case Filter.And and -> and.filters().forEach(f -> fieldsOf(f, fieldAndPath));
            case Filter.Or or -> or.filters().forEach(f -> fieldsOf(f, fieldAndPath));
            case Filter.Condition c -> fieldAndPath.accept(c.field(), c.path() + "/field");
        }
    }

    Optional<Grouping> findGrouping(String name) {
        return java.util.stream.Stream.concat(groupings.stream(), drillLevels.stream())
                .filter(g -> g.name().equals(name)).findFirst();
    }

    static String typeOf(FieldType type) {
        return switch (type) {
            case INTEGER, LOOKUP, MASTER_DETAIL -> "integer";
            case DECIMAL, CURRENCY, PERCENT -> "decimal";
            case BOOLEAN -> "boolean";
            case DATE -> "date";
            case DATETIME -> "datetime";
            default -> "text";
        };
    }

    static String defaultFormat(String type) {
        return switch (type) {
            case "integer" -> "#,##0";
            case "decimal" -> "#,##0.00";
            case "date" -> "yyyy-mm-dd";
            case "datetime" -> "yyyy-mm-dd hh:mm";
            default -> "@";
        };
    }

    ReportColumn column(Grouping g) {
        Map<String, String> label = g.label().isEmpty() ? g.field().definition().label() : g.label();
        return new ReportColumn(g.name(), label, "grouping", g.type(), defaultFormat(g.type()), g.bucket(),
                g.onColumns() ? "column" : "row");
    }

    ReportColumn column(Aggregate a) {
        return new ReportColumn(a.name(), a.label(), "aggregate", a.type(),
                a.format() != null ? a.format() : defaultFormat(a.type()), null, null);
    }

    ReportColumn column(ReportDefinition.Formula f) {
        return new ReportColumn(f.name(), f.label(), "formula", "decimal",
                f.format() != null ? f.format() : "#,##0.00", null, null);
    }

    ReportColumn column(SourceRows.Resolved r, ReportDefinition.Column defined) {
        String type = typeOf(r.definition().type());
        String format = defined != null && defined.format() != null ? defined.format() : defaultFormat(type);
        Map<String, String> label = defined != null && !defined.label().isEmpty() ? defined.label()
                : r.definition().label();
        return new ReportColumn(r.path(), label, "field", type, format, null, null);
    }
}
