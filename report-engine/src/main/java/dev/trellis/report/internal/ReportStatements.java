package dev.trellis.report.internal;

import dev.trellis.core.Problem;
import dev.trellis.core.record.Filter;
import dev.trellis.core.record.FilterConditions;
import dev.trellis.report.ReportColumn;
import dev.trellis.report.ReportDefinition;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jooq.Condition;
import org.jooq.DatePart;
import org.jooq.Field;
import org.jooq.OrderField;
import org.jooq.Record;
import org.jooq.Select;
import org.jooq.SelectField;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * Builds the one statement a report run needs, in three nested levels the planner flattens or pipelines:
 * the grouped aggregates over the flattened rows ({@link SourceRows}, with the report's filter and the
 * drill coordinates as {@code WHERE}); the formulas over those groups (window functions for growth and
 * share); then {@code having}, sort and top N. Each level names its columns after the report's outputs,
 * so the record service's filter compiler compiles {@code having} on them as it does filters on fields.
 */
final class ReportStatements {

    /** A run of a plan: the viewer's read scopes, the bound filters, the groupings to group by, the cell. */
    record Run(Map<SourceRows.Hop, Condition> scopes, Filter filter, Filter having, List<ReportPlan.Grouping> groupBy,
            Condition cell, Integer limit) {
    }

    private ReportStatements() {
    }

    /** The columns a grouped run returns, in order. */
    static List<ReportColumn> columns(ReportPlan plan, List<ReportPlan.Grouping> groupBy) {
        List<ReportColumn> columns = new ArrayList<>();
        groupBy.forEach(g -> columns.add(plan.column(g)));
        plan.aggregates.forEach(a -> columns.add(plan.column(a)));
        plan.definition.formulas().forEach(f -> columns.add(plan.column(f)));
        return columns;
    }

    /** The condition of a filter on the flattened rows (already checked, so problems are a bug). */
    static Condition where(ReportPlan plan, Filter filter) {
        if (filter == null) {
            return DSL.noCondition();
        }
        List<Problem> problems = new ArrayList<>();
        Condition condition = FilterConditions.compile(plan.rowTable, filter, problems);
        if (!problems.isEmpty()) {
            throw new dev.trellis.core.InvalidException(problems);
        }
        return condition;
    }

    static Select<Record> grouped(ReportPlan plan, Run run) {
        Table<?> rows = plan.rows.table(run.scopes(), "r");
        List<SelectField<?>> level1 = new ArrayList<>();
        List<Field<?>> groupBy = new ArrayList<>();
        for (ReportPlan.Grouping g : run.groupBy()) {
            Field<?> expression = expression(g);
            level1.add(expression.as(g.name()));
            groupBy.add(expression);
        }
        for (ReportPlan.Aggregate a : plan.aggregates) {
            level1.add(aggregate(a).as(a.name()));
        }
        if (level1.isEmpty()) {
            level1.add(DSL.count().as("_count"));
        }
        Table<?> groups = DSL.select(level1).from(rows).where(where(plan, run.filter())).and(run.cell())
                .groupBy(groupBy).asTable("g");

        List<SelectField<?>> level2 = new ArrayList<>();
        run.groupBy().forEach(g -> level2.add(DSL.field(DSL.name(g.name()))));
        plan.aggregates.forEach(a -> level2.add(DSL.field(DSL.name(a.name()))));
        for (ReportDefinition.Formula f : plan.definition.formulas()) {
            level2.add(formula(f, run.groupBy()).as(f.name()));
        }
        Table<?> measured = DSL.select(level2).from(groups).asTable("m");

        Condition having = run.having() == null ? DSL.noCondition() : havingCondition(plan, run.having());
        var query = DSL.select(columnFields(plan, run.groupBy())).from(measured).where(having)
                .orderBy(order(plan, run.groupBy()));
        Integer limit = run.limit();
        return limit == null ? query : query.limit(limit);
    }

    private static Condition havingCondition(ReportPlan plan, Filter having) {
        List<Problem> problems = new ArrayList<>();
        Condition c = FilterConditions.compile(plan.measureTable(), having, problems);
        if (!problems.isEmpty()) {
            throw new dev.trellis.core.InvalidException(problems);
        }
        return c;
    }

    /** The outer level's columns, typed so values come back as Java types rather than JDBC's defaults. */
    private static List<SelectField<?>> columnFields(ReportPlan plan, List<ReportPlan.Grouping> groupBy) {
        List<SelectField<?>> fields = new ArrayList<>();
        for (ReportPlan.Grouping g : groupBy) {
            fields.add(DSL.field(DSL.name(g.name()), expression(g).getDataType()));
        }
        for (ReportPlan.Aggregate a : plan.aggregates) {
            fields.add(DSL.field(DSL.name(a.name()), aggregate(a).getDataType()));
        }
        plan.definition.formulas().forEach(f -> fields.add(DSL.field(DSL.name(f.name()), SQLDataType.NUMERIC)));
        return fields;
    }

    private static List<OrderField<?>> order(ReportPlan plan, List<ReportPlan.Grouping> groupBy) {
        List<OrderField<?>> order = new ArrayList<>();
        List<String> sorted = new ArrayList<>();
        for (ReportDefinition.Sort s : plan.definition.sort()) {
            boolean present = groupBy.stream().anyMatch(g -> g.name().equals(s.by()))
                    || plan.aggregates.stream().anyMatch(a -> a.name().equals(s.by()))
                    || plan.definition.formulas().stream().anyMatch(f -> f.name().equals(s.by()));
            if (present) {
                Field<Object> f = DSL.field(DSL.name(s.by()));
                order.add(s.descending() ? f.desc().nullsLast() : f.asc().nullsLast());
                sorted.add(s.by());
            }
        }
        // the groupings break ties, so a top N and every page of a result are stable
        for (ReportPlan.Grouping g : groupBy) {
            if (!sorted.contains(g.name())) {
                order.add(DSL.field(DSL.name(g.name())).asc().nullsLast());
            }
        }
        return order;
    }

    /** A grouping's value in the flattened rows: the column, or the start day of its bucket. */
    static Field<?> expression(ReportPlan.Grouping g) {
        Field<Object> column = SourceRows.column(g.field());
        if (g.bucket() == null) {
            return column;
        }
        DatePart part = switch (g.bucket()) {
            case "day" -> DatePart.DAY;
            case "week" -> DatePart.WEEK;
            case "month" -> DatePart.MONTH;
            case "quarter" -> DatePart.QUARTER;
            default -> DatePart.YEAR;
        };
        return DSL.trunc(column, part).cast(SQLDataType.LOCALDATE);
    }

    private static Field<?> aggregate(ReportPlan.Aggregate a) {
        if (a.field() == null) {
            return DSL.count();
        }
        Field<Object> f = SourceRows.column(a.field());
        return switch (a.function()) {
            case "count" -> DSL.count(f);
            case "count_distinct" -> DSL.countDistinct(f);
            case "sum" -> DSL.sum(f.coerce(SQLDataType.NUMERIC));
            case "avg" -> DSL.avg(f.coerce(SQLDataType.NUMERIC));
            case "min" -> DSL.min(f);
            default -> DSL.max(f);
        };
    }

    private static Field<BigDecimal> formula(ReportDefinition.Formula f, List<ReportPlan.Grouping> groupBy) {
        Field<BigDecimal> a = measure(f.of().getFirst());
        Field<BigDecimal> value = switch (f.op()) {
            case "ratio" -> a.cast(SQLDataType.NUMERIC).div(DSL.nullif(measure(f.of().get(1)), BigDecimal.ZERO));
            case "difference" -> a.minus(measure(f.of().get(1)));
            case "share" -> a.cast(SQLDataType.NUMERIC).div(DSL.nullif(DSL.sum(a).over(), BigDecimal.ZERO));
            default -> growth(a, f.over(), groupBy);
        };
        return f.scale() == null ? value : value.times(DSL.inline(f.scale()));
    }

    /** (this bucket − the previous one) / the previous one, within the same values of the other groupings. */
    private static Field<BigDecimal> growth(Field<BigDecimal> a, String over, List<ReportPlan.Grouping> groupBy) {
        if (groupBy.stream().noneMatch(g -> g.name().equals(over))) {
            return DSL.inline(null, SQLDataType.NUMERIC); // a drill that leaves out the date has no previous period
        }
        List<Field<?>> partition = groupBy.stream().filter(g -> !g.name().equals(over))
                .<Field<?>>map(g -> DSL.field(DSL.name(g.name()))).toList();
        Field<BigDecimal> previous = DSL.lag(a).over(DSL.partitionBy(partition).orderBy(DSL.field(DSL.name(over))));
        return a.minus(previous).div(DSL.nullif(previous, BigDecimal.ZERO));
    }

    private static Field<BigDecimal> measure(String name) {
        return DSL.field(DSL.name(name), SQLDataType.NUMERIC);
    }

    /** The underlying records of a cell: the source's id and the report's columns, a keyset page by id. */
    static Select<Record> records(ReportPlan plan, Run run, List<SourceRows.Resolved> columns, Long after, int limit) {
        Table<?> rows = plan.rows.table(run.scopes(), "r");
        List<SelectField<?>> select = new ArrayList<>();
        Field<Long> id = DSL.field(DSL.name(SourceRows.ROW_ID), Long.class);
        select.add(id);
        columns.forEach(c -> select.add(SourceRows.column(c)));
        return DSL.select(select).from(rows).where(where(plan, run.filter())).and(run.cell())
                .and(after == null ? DSL.noCondition() : id.gt(after)).orderBy(id).limit(limit);
    }
}
