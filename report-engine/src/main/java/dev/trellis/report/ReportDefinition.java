package dev.trellis.report;

import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A report: rows of one source object, with the records its lookups reach named by dotted paths
 * ({@code sales_order.partner.region}), narrowed by a {@code filter} (the record service's filter language,
 * whose values may be {@code {"$param": "period"}}), grouped on rows and columns, aggregated, and finished
 * by formulas, {@code having}, {@code sort} and {@code limit}. Never SQL text: every name is checked
 * against the published objects and the whole report compiles to one statement.
 *
 * @param object      the source object: one result row per group of its records
 * @param roles       roles the report is meant for; saving checks that none of them has a used field hidden
 * @param columns     the fields a drill to the underlying records shows (and a report without groupings lists)
 * @param drillLevels groupings beyond {@code groupings} that a drill-down may go to
 */
public record ReportDefinition(
        String name,
        Map<String, String> label,
        String description,
        String object,
        List<String> roles,
        List<Parameter> parameters,
        JsonNode filter,
        List<Column> columns,
        List<Grouping> groupings,
        List<Grouping> drillLevels,
        List<Aggregate> aggregates,
        List<Formula> formulas,
        JsonNode having,
        List<Sort> sort,
        Integer limit) {

    public ReportDefinition {
        label = label == null ? Map.of() : Map.copyOf(label);
        roles = roles == null ? List.of() : List.copyOf(roles);
        parameters = parameters == null ? List.of() : List.copyOf(parameters);
        columns = columns == null ? List.of() : List.copyOf(columns);
        groupings = groupings == null ? List.of() : List.copyOf(groupings);
        drillLevels = drillLevels == null ? List.of() : List.copyOf(drillLevels);
        aggregates = aggregates == null ? List.of() : List.copyOf(aggregates);
        formulas = formulas == null ? List.of() : List.copyOf(formulas);
        sort = sort == null ? List.of() : List.copyOf(sort);
        if (filter != null && filter.isNull()) {
            filter = null;
        }
        if (having != null && having.isNull()) {
            having = null;
        }
    }

    /**
     * A runtime parameter. {@code type}: text, number, date, boolean or period (a relative period such as
     * {@code this_quarter} or {@code {"from", "to"}}). A condition whose parameter has no value and no default
     * is left out, so optional filters (a dashboard's region) need no second report.
     */
    public record Parameter(String name, Map<String, String> label, String type, JsonNode defaultValue) {
        public Parameter {
            label = label == null ? Map.of() : Map.copyOf(label);
            if (defaultValue != null && defaultValue.isNull()) {
                defaultValue = null;
            }
        }
    }

    /** A detail column: a field path, with an optional label and number format (Excel-style, {@code #,##0.00}). */
    public record Column(String field, Map<String, String> label, String format) {
        public Column {
            label = label == null ? Map.of() : Map.copyOf(label);
        }
    }

    /**
     * A grouping: a field path, bucketed when it is a date ({@code day}, {@code week}, {@code month},
     * {@code quarter}, {@code year}); {@code axis} {@code row} (default) or {@code column} (a pivot's columns).
     */
    public record Grouping(String name, String field, String bucket, String axis, Map<String, String> label) {
        public Grouping {
            label = label == null ? Map.of() : Map.copyOf(label);
        }

        public boolean onColumns() {
            return "column".equals(axis);
        }
    }

    /** {@code function}: count, count_distinct, sum, avg, min or max; count needs no field. */
    public record Aggregate(String name, String function, String field, Map<String, String> label, String format) {
        public Aggregate {
            label = label == null ? Map.of() : Map.copyOf(label);
        }
    }

    /**
     * A formula over aggregates, computed by the database in the same statement: {@code ratio} (of[0] / of[1],
     * collection rate, sell-through, conversion), {@code difference} (of[0] − of[1]), {@code growth}
     * (of[0] against the previous bucket of the date grouping {@code over}: period-over-period) and
     * {@code share} (of[0] over its total across the result), each multiplied by {@code scale} (100 for percent).
     */
    public record Formula(String name, String op, List<String> of, String over, java.math.BigDecimal scale,
            Map<String, String> label, String format) {
        public Formula {
            of = of == null ? List.of() : List.copyOf(of);
            label = label == null ? Map.of() : Map.copyOf(label);
        }
    }

    /** Sort by a grouping, aggregate or formula name; {@code direction} asc (default) or desc. */
    public record Sort(String by, String direction) {
        public boolean descending() {
            return "desc".equals(direction);
        }
    }
}
